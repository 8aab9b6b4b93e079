package dev.newt.core.channel;

import java.nio.file.Path;

/**
 * A writer in a child JVM for {@link RingChannelTest}: {@code RING COUNT} writes records 0..COUNT-1
 * (each a long, its sequence number, padded to a size that varies with it), waiting while the ring
 * is full; {@code RING COUNT torn} then claims one more record, writes half of it and halts
 * without committing it, as a process killed mid-message would.
 */
public final class RingWriterMain {
    private RingWriterMain() {
    }

    public static void main(final String[] args) {
        final RingChannel ring = RingChannel.open(Path.of(args[0]));
        final int count = Integer.parseInt(args[1]);
        final FrameOut out = new FrameOut();
        for (int i = 0; i < count; i++) {
            RingChannelTest.record(out, i);
            while (!ring.offer(1, out)) {
                Thread.onSpinWait();
            }
        }
        if (args.length > 2 && args[2].equals("torn")) {
            final int index = ring.ring().tryClaim(1, 64);
            ring.ring().buffer().putLong(index, 0xDEADL);
            Runtime.getRuntime().halt(0);
        }
    }
}
