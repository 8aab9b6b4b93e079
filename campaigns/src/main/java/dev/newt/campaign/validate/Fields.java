package dev.newt.campaign.validate;

import dev.newt.campaign.yaml.ListNode;
import dev.newt.campaign.yaml.Location;
import dev.newt.campaign.yaml.MapNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of one map of a campaign file, reporting every problem (an unknown key with
 * the nearest known one, a missing or mistyped value) to {@link Problems} and carrying on with a
 * default, so that one pass finds everything wrong.
 */
public final class Fields {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m)");

    private final MapNode map;
    private final String path;
    private final Problems problems;

    private Fields(final MapNode map, final String path, final Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /**
     * @param node     the node that should be a map
     * @param path     its key path
     * @param problems where problems go
     * @param keys     the keys it may have; others are reported with a suggestion
     * @return a reader over it, or over an empty map when the node is not a map (reported)
     */
    public static Fields of(final Node node, final String path, final Problems problems, final List<String> keys) {
        if (!(node instanceof MapNode m)) {
            problems.add(node.location(), path, "must be a map, was " + node.describe());
            return new Fields(new MapNode(node.location(), java.util.Map.of()), path, problems);
        }
        for (MapNode.Entry e : m.entries().values()) {
            if (!keys.contains(e.key())) {
                problems.unknown(e.keyLocation(), child(path, e.key()), "key", e.key(), keys);
            }
        }
        return new Fields(m, path, problems);
    }

    /** @return the map's location */
    public Location location() {
        return map.location();
    }

    /** @return this map's key path */
    public String path() {
        return path;
    }

    /** @return where problems go */
    public Problems problems() {
        return problems;
    }

    /** @param key a key @return whether the map has it */
    public boolean has(final String key) {
        return map.get(key) != null;
    }

    /** @param key a key @return its node, or {@code null} */
    public Node node(final String key) {
        return map.get(key);
    }

    /** @param key a key @return the path of that key */
    public String pathOf(final String key) {
        return child(path, key);
    }

    static String child(final String path, final String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports a missing required key. @param key the key */
    public void missing(final String key) {
        problems.add(map.location(), pathOf(key), "is required");
    }

    /** @param key a key @param fallback when absent or wrong @return a non-empty string */
    public String string(final String key, final String fallback) {
        final Node n = map.get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof ScalarNode s && s.type() != ScalarNode.Type.NULL && !s.text().isBlank()
            && s.type() != ScalarNode.Type.BOOLEAN) {
            return s.text();
        }
        problems.add(n.location(), pathOf(key), "must be a non-empty string, was " + n.describe());
        return fallback;
    }

    /** @param key a key @return a required non-empty string, or {@code null} (reported) */
    public String requiredString(final String key) {
        if (!has(key)) {
            missing(key);
            return null;
        }
        return string(key, null);
    }

    /**
     * @param key      a key
     * @param fallback when absent or wrong
     * @param min      smallest value allowed
     * @param max      largest value allowed
     * @return an integer
     */
    public long integer(final String key, final long fallback, final long min, final long max) {
        final Node n = map.get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.INTEGER) {
            try {
                final long v = Long.parseLong(s.text().replace("_", ""));
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(n.location(), pathOf(key), "must be an integer from " + min + " to " + max + ", was "
            + n.describe());
        return fallback;
    }

    /** @param key a key @param fallback when absent or wrong @return a probability in [0, 1] */
    public double probability(final String key, final double fallback) {
        final Node n = map.get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof ScalarNode s && (s.type() == ScalarNode.Type.FLOAT || s.type() == ScalarNode.Type.INTEGER)) {
            final double v = Double.parseDouble(s.text());
            if (v >= 0 && v <= 1) {
                return v;
            }
        }
        problems.add(n.location(), pathOf(key), "must be a probability from 0 to 1, was " + n.describe());
        return fallback;
    }

    /** @param key a key @param fallback when absent or wrong @return the boolean */
    public boolean bool(final String key, final boolean fallback) {
        final Node n = map.get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        problems.add(n.location(), pathOf(key), "must be true or false, was " + n.describe());
        return fallback;
    }

    /** @param key a key @param fallback when absent or wrong @return a positive duration such as {@code 10ms} */
    public Duration duration(final String key, final Duration fallback) {
        final Node n = map.get(key);
        if (n == null) {
            return fallback;
        }
        final Duration d = duration(n, pathOf(key), problems);
        return d == null ? fallback : d;
    }

    /**
     * @param key      a key
     * @param fallback when absent or wrong
     * @return a duration longer than zero
     */
    public Duration positiveDuration(final String key, final Duration fallback) {
        final Duration d = duration(key, fallback);
        if (d.isZero()) {
            problems.add(map.get(key).location(), pathOf(key), "must be longer than zero");
            return fallback;
        }
        return d;
    }

    /**
     * @param n        a node that should be a duration: a number and a unit, ns, us, ms, s or m
     * @param path     its key path
     * @param problems where a problem goes
     * @return the duration, or {@code null} (reported)
     */
    public static Duration duration(final Node n, final String path, final Problems problems) {
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
            final Matcher m = DURATION.matcher(s.text().trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                final double v = Double.parseDouble(m.group(1));
                final double nanosPerUnit = switch (m.group(2)) {
                    case "ns" -> 1;
                    case "us" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    default -> 60e9;
                };
                return Duration.ofNanos(Math.round(v * nanosPerUnit));
            }
        }
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.INTEGER && "0".equals(s.text())) {
            return Duration.ZERO;
        }
        problems.add(n.location(), path, "must be a duration such as 500us, 10ms or 2s (units ns, us, ms, s, m), was "
            + n.describe());
        return null;
    }

    /**
     * @param key      a key
     * @param valid    the valid names
     * @param fallback when absent or wrong
     * @param what     what the name is, for the error, such as {@code executor}
     * @return one of the valid names
     */
    public String choice(final String key, final List<String> valid, final String fallback, final String what) {
        final Node n = map.get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
            if (valid.contains(s.text())) {
                return s.text();
            }
            problems.unknown(n.location(), pathOf(key), what, s.text(), valid);
            return fallback;
        }
        problems.add(n.location(), pathOf(key), "must be one of " + String.join(", ", valid) + ", was "
            + n.describe());
        return fallback;
    }

    /**
     * @param key a key
     * @return the items of a list (a single item stands for a list of one), empty when absent or wrong
     */
    public List<Node> list(final String key) {
        final Node n = map.get(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof ListNode l) {
            return l.items();
        }
        return new ArrayList<>(List.of(n));
    }
}
