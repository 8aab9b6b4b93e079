package dev.newt.net.tap;

import dev.newt.net.msg.Stats;
import dev.newt.net.wire.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of a {@link TapLink}, named as a nic's are: {@code rx.*} for frames the kernel
 * sent into Newt, {@code tx.*} for frames Newt gave the kernel, {@code rx.drop.<REASON>} and
 * {@code tx.drop.<REASON>} per {@link DropReason} with their sums {@code drop.<REASON>}, and
 * {@code tx.errors} for frames the kernel refused. Written by the link's reader and writer
 * threads, read by anyone.
 */
final class TapCounters {
    private final AtomicLong rxFrames = new AtomicLong();
    private final AtomicLong rxBytes = new AtomicLong();
    private final AtomicLong txFrames = new AtomicLong();
    private final AtomicLong txBytes = new AtomicLong();
    private final AtomicLong txErrors = new AtomicLong();
    private final AtomicLong unexpectedMessage = new AtomicLong();
    private final Map<DropReason, AtomicLong> rxDrops = drops();
    private final Map<DropReason, AtomicLong> txDrops = drops();

    private static Map<DropReason, AtomicLong> drops() {
        final Map<DropReason, AtomicLong> m = new EnumMap<>(DropReason.class);
        for (final DropReason r : DropReason.values()) {
            m.put(r, new AtomicLong());
        }
        return m;
    }

    void received(final int bytes) {
        rxFrames.incrementAndGet();
        rxBytes.addAndGet(bytes);
    }

    void sent(final int bytes) {
        txFrames.incrementAndGet();
        txBytes.addAndGet(bytes);
    }

    void rxDropped(final DropReason reason) {
        rxDrops.get(reason).incrementAndGet();
    }

    void txDropped(final DropReason reason) {
        txDrops.get(reason).incrementAndGet();
    }

    void txError() {
        txErrors.incrementAndGet();
    }

    void unexpectedMessage() {
        unexpectedMessage.incrementAndGet();
    }

    /** @param server the name the counters are reported under @return a snapshot */
    Stats snapshot(final String server) {
        final Map<String, Long> c = new TreeMap<>();
        c.put("rx.frames", rxFrames.get());
        c.put("rx.bytes", rxBytes.get());
        c.put("tx.frames", txFrames.get());
        c.put("tx.bytes", txBytes.get());
        c.put("tx.errors", txErrors.get());
        c.put("drop.unexpected_message", unexpectedMessage.get());
        addDrops(c, "rx.", rxDrops);
        addDrops(c, "tx.", txDrops);
        return new Stats(server, c);
    }

    private static void addDrops(final Map<String, Long> c, final String prefix,
                                 final Map<DropReason, AtomicLong> drops) {
        drops.forEach((reason, n) -> {
            if (n.get() > 0) {
                c.put(prefix + "drop." + reason.name(), n.get());
                c.merge("drop." + reason.name(), n.get(), Long::sum);
            }
        });
    }
}
