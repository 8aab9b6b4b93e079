package dev.newt.net.tcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Out-of-order data held until the gap before it is filled: disjoint, non-adjacent ranges keyed by
 * their stream offset (bytes since the start of the peer's data, a {@code long} that never wraps,
 * unlike sequence numbers). Overlapping and duplicate arrivals are merged on insertion, so the
 * bytes held never exceed the span the window allowed.
 */
public final class Reassembly {
    /** Ranges by stream offset of their first byte. */
    public TreeMap<Long, byte[]> ranges = new TreeMap<>();

    /** Nothing held. */
    public Reassembly() {
    }

    /** @return whether nothing is held */
    public boolean empty() {
        return ranges.isEmpty();
    }

    /** @return bytes held */
    public long bytes() {
        long n = 0;
        for (byte[] b : ranges.values()) {
            n += b.length;
        }
        return n;
    }

    /**
     * Holds {@code data} at {@code offset}, merging it with every range it overlaps or touches.
     *
     * @param offset stream offset of {@code data[0]}
     * @param data   the bytes, not kept
     */
    public void insert(final long offset, final byte[] data) {
        if (data.length == 0) {
            return;
        }
        long start = offset;
        long end = offset + data.length;
        final List<Map.Entry<Long, byte[]>> merged = new ArrayList<>();
        final Map.Entry<Long, byte[]> before = ranges.floorEntry(offset);
        if (before != null && before.getKey() + before.getValue().length >= offset) {
            merged.add(before);
        }
        merged.addAll(ranges.subMap(offset, false, end, true).entrySet());
        for (Map.Entry<Long, byte[]> e : merged) {
            start = Math.min(start, e.getKey());
            end = Math.max(end, e.getKey() + e.getValue().length);
        }
        final byte[] out = new byte[(int) (end - start)];
        for (Map.Entry<Long, byte[]> e : merged) {
            System.arraycopy(e.getValue(), 0, out, (int) (e.getKey() - start), e.getValue().length);
        }
        System.arraycopy(data, 0, out, (int) (offset - start), data.length);
        for (Map.Entry<Long, byte[]> e : List.copyOf(merged)) {
            ranges.remove(e.getKey());
        }
        ranges.put(start, out);
    }

    /**
     * Removes and returns the bytes that continue the stream at {@code offset}, if the first range
     * reaches it; ranges wholly before {@code offset} are discarded.
     *
     * @param offset stream offset of the next byte the receiver needs
     * @return the bytes from {@code offset} on, empty if the gap is still open
     */
    public byte[] takeFrom(final long offset) {
        while (!ranges.isEmpty()) {
            final Map.Entry<Long, byte[]> first = ranges.firstEntry();
            final long start = first.getKey();
            final long end = start + first.getValue().length;
            if (start > offset) {
                return new byte[0];
            }
            ranges.pollFirstEntry();
            if (end > offset) {
                final byte[] b = first.getValue();
                final int skip = (int) (offset - start);
                return Arrays.copyOfRange(b, skip, b.length);
            }
        }
        return new byte[0];
    }
}
