package dev.newt.net.stats;

import dev.newt.net.msg.Stats;
import dev.newt.net.wire.DropReason;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server's named counters, part of its checkpointed state: counting, drops per
 * {@link DropReason}, and the {@link Stats} a server answers a {@code StatsQuery} with.
 *
 * <p>It <em>is</em> the sorted map of name to value that the servers kept before it existed, not
 * a wrapper around one, and it has no fields of its own: Jackson writes and reads it as that map
 * (checkpoints stay byte for byte what they were, and old checkpoints restore), and the fault
 * injector's object walk sees the same values at the same paths ({@code counters[drop.TRUNCATED]}),
 * so that a seeded {@code corrupt-state} picks and reports the same value it did.
 *
 * <p>Not thread-safe: a server owns its counters.
 */
public final class Counters extends TreeMap<String, Long> {
    private static final long serialVersionUID = 1L;

    /** No counter yet. */
    public Counters() {
    }

    /** @param initial counters to start from, copied */
    public Counters(final Map<String, Long> initial) {
        super(initial);
    }

    /** @param name a counter: adds one to it */
    public void count(final String name) {
        add(name, 1);
    }

    /**
     * Adds {@code n} to a counter; a counter added zero to exists (at zero) afterwards.
     *
     * @param name the counter
     * @param n    how much
     */
    public void add(final String name, final long n) {
        merge(name, n, Long::sum);
    }

    /** @param reason why something was dropped: adds one to {@link #dropName(DropReason) its counter} */
    public void drop(final DropReason reason) {
        count(dropName(reason));
    }

    /** @param reason a drop reason @return its counter's name, {@code drop.<REASON>} */
    public static String dropName(final DropReason reason) {
        return "drop." + reason.name();
    }

    /** @param name a counter @return its value, 0 when never counted */
    public long value(final String name) {
        return getOrDefault(name, 0L);
    }

    /** @return the sum of every counter */
    public long total() {
        return values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return a copy, to add computed figures to without touching these */
    public Counters copy() {
        return new Counters(this);
    }

    /** @param server the server reporting @return these counters as its answer to a stats query */
    public Stats toStats(final String server) {
        return new Stats(server, this);
    }
}
