package dev.newt.net.msg;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server's counters (frames in and out, drops per reason, ...), for tests and reports.
 *
 * @param server   the server
 * @param counters name to value, sorted by name
 */
public record Stats(String server, Map<String, Long> counters) {

    /** Copies the counters into a sorted, unmodifiable map. */
    public Stats {
        counters = Collections.unmodifiableMap(new TreeMap<>(counters));
    }

    /** @param name a counter @return its value, 0 when absent */
    public long get(final String name) {
        return counters.getOrDefault(name, 0L);
    }
}
