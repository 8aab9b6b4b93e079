package dev.newt.net.wire;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counters of drops per {@link DropReason}, for a server's statistics. An array indexed by
 * ordinal, so counting costs no allocation on the receive path. Not thread-safe: a server owns
 * its counters and publishes a {@link #snapshot()}.
 */
public final class DropCounts {
    private static final DropReason[] REASONS = DropReason.values();
    private final long[] counts = new long[REASONS.length];

    /** All counters at zero. */
    public DropCounts() {
    }

    /**
     * Counts {@code decoded} if it is a drop.
     *
     * @param decoded a decode outcome
     * @return whether it was a success, so that {@code if (!drops.accept(d)) return;} reads well
     */
    public boolean accept(final Decoded<?> decoded) {
        if (decoded.isOk()) {
            return true;
        }
        add(decoded.reason());
        return false;
    }

    /**
     * Counts one drop.
     *
     * @param reason why
     */
    public void add(final DropReason reason) {
        counts[Objects.requireNonNull(reason, "reason").ordinal()]++;
    }

    /**
     * @param reason a reason
     * @return drops counted for it
     */
    public long count(final DropReason reason) {
        return counts[reason.ordinal()];
    }

    /** @return drops counted for all reasons */
    public long total() {
        long t = 0;
        for (final long c : counts) {
            t += c;
        }
        return t;
    }

    /** @return the non-zero counters, in reason order, as an unmodifiable copy */
    public Map<DropReason, Long> snapshot() {
        final EnumMap<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (final DropReason r : REASONS) {
            if (counts[r.ordinal()] != 0) {
                m.put(r, counts[r.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return "DropCounts" + snapshot();
    }
}
