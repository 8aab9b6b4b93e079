package dev.newt.core.server;

import dev.newt.core.message.LongLived;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long a server's requests to other servers may wait for their answers before the runtime
 * answers them itself with {@link RequestTimedOut} (and records a {@code request-timed-out}
 * event): a request dropped on the way, or by its receiver, never stalls its requester silently.
 * A kind of request (its payload's class) may have its own deadline; a {@link LongLived} request
 * has none unless its kind is given one; {@link Duration#ZERO} means none.
 *
 * @param byDefault the deadline of a request whose kind has none of its own; zero: none
 * @param byKind    deadlines by the payload's exact class; zero: none
 */
public record RequestDeadlines(Duration byDefault, Map<Class<?>, Duration> byKind) {
    /**
     * The default deadline of a request that is not long-lived: 5 s, far above what a request
     * between live servers takes (a restart with back-off, a live update's hold: milliseconds),
     * far below a campaign's duration.
     */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    /** The default: {@link #DEFAULT_DEADLINE} for every request that is not {@link LongLived}. */
    public static final RequestDeadlines DEFAULT = new RequestDeadlines(DEFAULT_DEADLINE, Map.of());

    /** Validates and copies. */
    public RequestDeadlines {
        Objects.requireNonNull(byDefault, "byDefault");
        byKind = Map.copyOf(byKind);
        if (byDefault.isNegative() || byKind.values().stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("request deadlines must be >= 0 (0: none), were " + byDefault
                + " and " + byKind);
        }
    }

    /**
     * @param payload a request's payload
     * @return its deadline in nanoseconds, or 0 for none
     */
    public long nanosFor(final Object payload) {
        final Duration own = byKind.get(payload.getClass());
        if (own != null) {
            return own.toNanos();
        }
        return payload instanceof LongLived ? 0 : byDefault.toNanos();
    }

    /** @param deadline the new default (zero: none) @return a copy with it */
    public RequestDeadlines withDefault(final Duration deadline) {
        return new RequestDeadlines(deadline, byKind);
    }

    /** @param kind a payload class @param deadline its deadline (zero: none) @return a copy with it */
    public RequestDeadlines with(final Class<?> kind, final Duration deadline) {
        final Map<Class<?>, Duration> m = new HashMap<>(byKind);
        m.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(deadline, "deadline"));
        return new RequestDeadlines(byDefault, m);
    }
}
