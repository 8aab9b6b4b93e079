package dev.newt.campaign.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML mapping, its keys in document order.
 *
 * @param location where it starts
 * @param entries  its entries by key
 */
public record MapNode(Location location, Map<String, Entry> entries) implements Node {
    /** One key and its value, with the key's own location (an unknown key is reported there). */
    public record Entry(String key, Location keyLocation, Node value) {
    }

    /** Freezes the entries. */
    public MapNode {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** @param key a key @return its value, or {@code null} when absent */
    public Node get(final String key) {
        final Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    @Override
    public String describe() {
        return "a map";
    }
}
