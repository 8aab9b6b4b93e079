package dev.newt.core.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a {@link EventKinds#WORKLOAD_METRIC} event: one time bin of a workload's figures.
 * The event's server is the workload's. By convention a figure named {@code ...PerSecond} is a
 * rate and one named {@code ...Nanos} a duration.
 *
 * @param workload the workload type, such as {@code udp-echo}
 * @param binStart runtime clock at the bin's start
 * @param binNanos the bin's width
 * @param figures  the bin's figures, in the order to show them
 */
public record WorkloadMetric(String workload, long binStart, long binNanos, Map<String, Object> figures) {
    private static final Set<String> NAMED = Set.of("workload", "binStart", "binNanos");

    /** Copies the figures, keeping their order. */
    public WorkloadMetric {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures == null ? Map.of() : figures));
    }

    /** @return the event's fields: workload, binStart, binNanos, then the figures */
    public Map<String, Object> toFields() {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", workload);
        f.put("binStart", binStart);
        f.put("binNanos", binNanos);
        f.putAll(figures);
        return f;
    }

    /**
     * Reads the fields; a missing bin start is the event's time, a missing width 0.
     *
     * @param e a {@code workload-metric} event
     * @return its fields
     * @throws IllegalArgumentException if it is another kind
     */
    public static WorkloadMetric from(final CustomEvent e) {
        final Map<String, Object> f = CustomFields.require(e, EventKinds.WORKLOAD_METRIC).fields();
        final Map<String, Object> figures = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!NAMED.contains(k)) {
                figures.put(k, v);
            }
        });
        return new WorkloadMetric(CustomFields.text(f, "workload"), CustomFields.number(f, "binStart", e.time()),
            CustomFields.number(f, "binNanos", 0), figures);
    }
}
