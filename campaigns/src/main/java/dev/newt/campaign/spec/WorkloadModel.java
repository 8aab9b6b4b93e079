package dev.newt.campaign.spec;

import java.time.Duration;
import java.util.Map;

/**
 * One workload: its client runs on {@code from}, its server on {@code to}.
 *
 * @param type   what it does
 * @param from   the client's host
 * @param to     the server's host
 * @param params its parameters, every one of the type's present (defaults filled in)
 */
public record WorkloadModel(WorkloadType type, String from, String to, Map<String, Object> params) {
    /** Freezes the parameters. */
    public WorkloadModel {
        params = Map.copyOf(params);
    }

    /** @param name a parameter @return its value as a long */
    public long number(final String name) {
        return ((Number) params.get(name)).longValue();
    }

    /** @param name a parameter @return its value as a boolean */
    public boolean flag(final String name) {
        return (Boolean) params.get(name);
    }

    /** @param name a parameter @return its value as a duration */
    public Duration duration(final String name) {
        return (Duration) params.get(name);
    }
}
