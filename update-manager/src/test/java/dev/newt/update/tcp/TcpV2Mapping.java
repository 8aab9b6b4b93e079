package dev.newt.update.tcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * How a tcp v1 state becomes a v2 state ({@code tcp-v2} image): {@code nextEphemeral} is renamed
 * {@code nextEphemeralPort}; the new counters {@code updatesSeen} and {@code segmentsSinceUpdate}
 * start at 0; every other field keeps its name, {@code tuples} included (a TreeMap in v1, a
 * HashMap in v2: the same JSON object). Written as data, applied here to the state's JSON tree
 * until update-core's {@code FieldMapping} is merged.
 */
final class TcpV2Mapping {
    /** v1 field name to v2 field name. */
    static final Map<String, String> RENAMES = Map.of("nextEphemeral", "nextEphemeralPort");
    /** Fields new in v2 and their values for a state that comes from v1. */
    static final Map<String, Long> DEFAULTS = Map.of("updatesSeen", 0L, "segmentsSinceUpdate", 0L);

    private TcpV2Mapping() {
    }

    /**
     * @param v1 a v1 state's JSON tree, as the runtime's state codec writes it; left unchanged
     * @return the v2 tree
     * @throws IllegalArgumentException naming the field if a renamed field is missing
     */
    static ObjectNode apply(final ObjectNode v1) {
        final ObjectNode v2 = v1.deepCopy();
        RENAMES.forEach((from, to) -> {
            if (!v2.has(from)) {
                throw new IllegalArgumentException("tcp v1 -> v2: the state has no field '" + from + "' to rename");
            }
            v2.set(to, v2.remove(from));
        });
        DEFAULTS.forEach(v2::put);
        return v2;
    }
}
