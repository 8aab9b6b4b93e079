package dev.newt.core.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event of a kind the core does not know, for the hooks of faults, updates and workload metrics.
 *
 * @param time   when
 * @param server the server it concerns, or a component name such as a workload's
 * @param kind   what happened: one of {@link EventKinds} for Newt's own components, such as
 *               {@code fault-activated} or {@code workload-metric}
 * @param fields the details: JSON-friendly values (strings, numbers, booleans, lists, maps)
 */
public record CustomEvent(long time, String server, String kind, Map<String, Object> fields) implements Event {

    /** Copies the fields, keeping their order. */
    public CustomEvent {
        Objects.requireNonNull(kind, "kind");
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
