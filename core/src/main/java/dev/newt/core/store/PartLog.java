package dev.newt.core.store;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a checkpoint taken with a {@link PartCodec}: a base (every part's bytes) and a chain
 * of deltas (the parts changed or removed since), immutable and shared between successive
 * checkpoints, so that appending a delta costs the delta, not the state.
 *
 * <p>Compaction also costs what changed. When the chain reaches {@value #MAX_DELTAS} deltas, or the
 * deltas' bytes outweigh the base, the deltas alone are merged into one (a part changed by every
 * delta is kept once), on the same base: a state with one busy part among many idle ones merges
 * one part's worth. Only when the merged delta is itself large (more than half the base's bytes or
 * keys) is it folded into a new base, which copies references to every part's array and encodes
 * nothing. The chain holds at most about twice the state's bytes (plus a few KiB of slack).
 */
public final class PartLog {
    /** Deltas after which the chain's deltas are merged into one, whatever their size. */
    static final int MAX_DELTAS = 64;
    /** Slack so that a small base is not folded again for every few bytes of change. */
    private static final long SLACK_BYTES = 4096;
    /** Marks a part removed in a delta (compared by identity). */
    private static final byte[] REMOVED = new byte[0];

    /** The link before this one; null for a base. */
    private final PartLog previous;
    /** The base this chain starts from (this, for a base). */
    private final PartLog base;
    /** A base: every part; a delta: the parts changed since the previous link, {@link #REMOVED} for a removal. */
    private final Map<Long, byte[]> changes;
    private final int deltas;
    private final long baseBytes;
    private final long deltaBytes;
    /** Bytes of the parts the checkpoint that made this link gave. */
    private final long lastBytes;

    private PartLog(final PartLog previous, final Map<Long, byte[]> changes, final int deltas,
                    final long baseBytes, final long deltaBytes, final long lastBytes) {
        this.previous = previous;
        this.base = previous == null ? this : previous.base;
        this.changes = changes;
        this.deltas = deltas;
        this.baseBytes = baseBytes;
        this.deltaBytes = deltaBytes;
        this.lastBytes = lastBytes;
    }

    /**
     * @param parts every part's bytes, by key; the map is copied, the arrays are taken over
     * @return a chain of just this base
     */
    public static PartLog base(final Map<Long, byte[]> parts) {
        final HashMap<Long, byte[]> copy = new HashMap<>(parts);
        final long bytes = bytesOf(copy);
        return new PartLog(null, Collections.unmodifiableMap(copy), 0, bytes, 0, bytes);
    }

    /**
     * @param changed parts changed since this chain, by key; a null value means removed. The map is
     *                copied, the arrays are taken over.
     * @return this chain with the delta appended, its deltas merged, or folded into a new base
     */
    public PartLog append(final Map<Long, byte[]> changed) {
        final HashMap<Long, byte[]> delta = new HashMap<>(Math.max(4, changed.size() * 2));
        long bytes = 0;
        for (Map.Entry<Long, byte[]> e : changed.entrySet()) {
            final byte[] v = e.getValue();
            delta.put(e.getKey(), v == null ? REMOVED : v);
            bytes += v == null ? 0 : v.length;
        }
        if (deltas + 1 <= MAX_DELTAS && deltaBytes + bytes <= baseBytes + SLACK_BYTES) {
            return new PartLog(this, Collections.unmodifiableMap(delta), deltas + 1, baseBytes, deltaBytes + bytes, bytes);
        }
        final HashMap<Long, byte[]> merged = mergedDeltas();
        merged.putAll(delta);
        final long mergedBytes = bytesOf(merged);
        if (mergedBytes > baseBytes / 2 + SLACK_BYTES || merged.size() > base.changes.size() / 2 + 64) {
            return fold(merged, bytes);
        }
        return new PartLog(base, Collections.unmodifiableMap(merged), 1, baseBytes, mergedBytes, bytes);
    }

    /** @return the deltas since the base, merged oldest first into a new map (removals kept as marks) */
    private HashMap<Long, byte[]> mergedDeltas() {
        final ArrayDeque<PartLog> chain = new ArrayDeque<>();
        int entries = 0;
        for (PartLog p = this; p.previous != null; p = p.previous) {
            chain.push(p);
            entries += p.changes.size();
        }
        final HashMap<Long, byte[]> merged = new HashMap<>(Math.max(4, entries * 2));
        for (PartLog p : chain) {
            merged.putAll(p.changes);
        }
        return merged;
    }

    /** @return a new base: this chain's base with {@code merged} applied */
    private PartLog fold(final Map<Long, byte[]> merged, final long lastBytes) {
        final HashMap<Long, byte[]> all = new HashMap<>(base.changes);
        merged.forEach((k, v) -> {
            if (v == REMOVED) {
                all.remove(k);
            } else {
                all.put(k, v);
            }
        });
        return new PartLog(null, Collections.unmodifiableMap(all), 0, bytesOf(all), 0, lastBytes);
    }

    /** @return every part as of the last delta, by key in ascending order: a new map the caller owns */
    public TreeMap<Long, byte[]> materialise() {
        final TreeMap<Long, byte[]> out = new TreeMap<>(base.changes);
        final ArrayDeque<PartLog> chain = new ArrayDeque<>();
        for (PartLog p = this; p.previous != null; p = p.previous) {
            chain.push(p);
        }
        for (PartLog p : chain) {
            p.changes.forEach((k, v) -> {
                if (v == REMOVED) {
                    out.remove(k);
                } else {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** @return the base this chain starts from: the same object for as long as no fold happened */
    PartLog baseLink() {
        return base;
    }

    /** @return deltas since the base (a merge of deltas counts as one) */
    public int deltas() {
        return deltas;
    }

    /** @return bytes this chain holds: the base's and every delta's */
    public long bytes() {
        return baseBytes + deltaBytes;
    }

    /** @return bytes of the parts the last checkpoint gave (the base's, or the last delta's): what it encoded */
    public long lastBytes() {
        return lastBytes;
    }

    private static long bytesOf(final Map<Long, byte[]> parts) {
        long n = 0;
        for (byte[] b : parts.values()) {
            n += b.length;
        }
        return n;
    }
}
