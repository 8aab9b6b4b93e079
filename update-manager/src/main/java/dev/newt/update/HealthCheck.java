package dev.newt.update;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides, while a new version is on probation, whether it is healthy. Polled over the probation
 * window on the runtime's timer thread (in the simulation: between steps), so it must be quick
 * and must not block. A crash, hang or failed audit of the new version needs no check: the update
 * hears of it at once and rolls back.
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * @param runtime the runtime
     * @param servers the servers being updated
     * @return empty when healthy; else what is wrong, which becomes the rollback's reason
     */
    Optional<String> problem(NewtRuntime runtime, List<String> servers);

    /** @return a check that every updated server is running (not down, hung or given up) */
    static HealthCheck serving() {
        return (runtime, servers) -> servers.stream()
            .filter(s -> runtime.status(s).state() != ServerState.RUNNING)
            .findFirst().map(s -> "server '" + s + "' is " + runtime.status(s).state());
    }

    /**
     * @param description what is checked, for the reason of a rollback
     * @param healthy     whether it holds; quick and non-blocking
     * @return a check that fails when {@code healthy} does not hold
     */
    static HealthCheck that(final String description, final BooleanSupplier healthy) {
        Objects.requireNonNull(healthy, "healthy");
        return (runtime, servers) -> healthy.getAsBoolean() ? Optional.empty()
            : Optional.of("health check failed: " + description);
    }

    /** @param other another check @return a check that fails when this one or {@code other} fails */
    default HealthCheck and(final HealthCheck other) {
        Objects.requireNonNull(other, "other");
        return (runtime, servers) -> {
            final Optional<String> mine = problem(runtime, servers);
            return mine.isPresent() ? mine : other.problem(runtime, servers);
        };
    }
}
