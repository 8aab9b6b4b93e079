package dev.newt.core.store;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a checkpoint taken with a {@link PartCodec}: a base (every part's bytes) and a chain
 * of deltas (the parts changed or removed since), immutable and shared between successive
 * checkpoints, so that appending a delta costs the delta, not the state. It compacts into a new
 * base when the chain gets long or its deltas outweigh the base (so it holds at most about twice
 * the state's bytes); the compaction copies references to the parts' arrays and encodes nothing.
 */
public final class PartLog {
    /** Deltas after which the chain is folded into a new base, whatever their size. */
    static final int MAX_DELTAS = 64;
    /** Marks a part removed in a delta (compared by identity). */
    private static final byte[] REMOVED = new byte[0];

    private final PartLog previous;
    private final Map<Long, byte[]> changes;
    private final int deltas;
    private final long baseBytes;
    private final long deltaBytes;

    private PartLog(final PartLog previous, final Map<Long, byte[]> changes, final int deltas,
                    final long baseBytes, final long deltaBytes) {
        this.previous = previous;
        this.changes = changes;
        this.deltas = deltas;
        this.baseBytes = baseBytes;
        this.deltaBytes = deltaBytes;
    }

    /**
     * @param parts every part's bytes, by key; the map is copied, the arrays are taken over
     * @return a chain of just this base
     */
    public static PartLog base(final Map<Long, byte[]> parts) {
        final Map<Long, byte[]> copy = new HashMap<>(parts);
        return new PartLog(null, Collections.unmodifiableMap(copy), 0, bytesOf(copy), 0);
    }

    /**
     * @param changed parts changed since this chain, by key; a null value means removed. The map is
     *                copied, the arrays are taken over.
     * @return this chain with the delta appended, or compacted into a new base
     */
    public PartLog append(final Map<Long, byte[]> changed) {
        final Map<Long, byte[]> delta = new HashMap<>(changed.size() * 2);
        changed.forEach((k, v) -> delta.put(k, v == null ? REMOVED : v));
        final long bytes = bytesOf(delta);
        if (deltas + 1 > MAX_DELTAS || deltaBytes + bytes > baseBytes + 4096) {
            final Map<Long, byte[]> all = materialise();
            changed.forEach((k, v) -> {
                if (v == null) {
                    all.remove(k);
                } else {
                    all.put(k, v);
                }
            });
            return base(all);
        }
        return new PartLog(this, Collections.unmodifiableMap(delta), deltas + 1, baseBytes, deltaBytes + bytes);
    }

    /** @return every part as of the last delta, by key in ascending order: a new map the caller owns */
    public TreeMap<Long, byte[]> materialise() {
        final ArrayDeque<PartLog> chain = new ArrayDeque<>();
        for (PartLog p = this; p != null; p = p.previous) {
            chain.push(p);
        }
        final TreeMap<Long, byte[]> out = new TreeMap<>();
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

    /** @return deltas since the base */
    public int deltas() {
        return deltas;
    }

    /** @return bytes this chain holds: the base's and every delta's */
    public long bytes() {
        return baseBytes + deltaBytes;
    }

    /** @return bytes of the newest link alone (the base, or the last delta): what the last checkpoint encoded */
    public long lastBytes() {
        return bytesOf(changes);
    }

    private static long bytesOf(final Map<Long, byte[]> parts) {
        long n = 0;
        for (byte[] b : parts.values()) {
            n += b.length;
        }
        return n;
    }
}
