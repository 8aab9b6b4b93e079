package dev.newt.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.newt.core.process.JavaLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ring channel's contract: order, back-pressure, no torn record, across processes. */
class RingChannelTest {
    @TempDir
    Path dir;
    private Process child;

    @BeforeEach
    void noChild() {
        child = null;
    }

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Record {@code i}: its number, then {@code i % 37} filler bytes, so records have many sizes. */
    static void record(final FrameOut out, final long i) {
        out.reset().putLong(i).putBytes(new byte[(int) (i % 37)]);
    }

    private static long readRecord(final FrameIn in) {
        final long i = in.getLong();
        assertEquals((int) (i % 37), in.getBytes().length, "record " + i + " has its own length");
        return i;
    }

    @Test
    void recordsArriveInOrderAcrossProcessesThroughAFullRing() throws Exception {
        final int count = 20_000;
        try (RingChannel ring = RingChannel.create(dir.resolve("ring"), 4096)) {
            child = start(ring, String.valueOf(count));
            final FrameIn in = new FrameIn();
            long expected = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (expected < count && System.nanoTime() < deadline) {
                if (ring.poll(in) == 1) {
                    assertEquals(expected++, readRecord(in));
                } else {
                    Thread.onSpinWait();
                }
            }
            assertEquals(count, expected, "every record, in order");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
        }
    }

    @Test
    void aFullRingRefusesTheWriterUntilTheReaderMakesRoom() {
        try (RingChannel ring = RingChannel.create(dir.resolve("ring"), 1024)) {
            final FrameOut out = new FrameOut();
            int written = 0;
            while (true) {
                record(out, written);
                if (!ring.offer(1, out)) {
                    break;
                }
                written++;
            }
            assertTrue(written > 5, "some records fit before it is full: " + written);
            record(out, written);
            assertFalse(ring.offer(1, out), "still full: refused again, nothing written");
            final FrameIn in = new FrameIn();
            int read = 0;
            boolean accepted = false;
            while (!accepted && read < 4) {
                assertEquals(1, ring.poll(in));
                assertEquals(read++, readRecord(in));
                accepted = ring.offer(1, out);
            }
            assertTrue(accepted, "reading made room for the refused record");
            for (int i = read; i <= written; i++) {
                assertEquals(1, ring.poll(in));
                assertEquals(i, readRecord(in), "in order, the refused-then-accepted record last");
            }
            assertEquals(0, ring.poll(in), "then empty");
        }
    }

    @Test
    void aWriterKilledMidRecordLeavesNothingTornForTheReader() throws Exception {
        try (RingChannel ring = RingChannel.create(dir.resolve("ring"), 8192)) {
            child = start(ring, "10", "torn");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer halted");
            final FrameIn in = new FrameIn();
            for (int i = 0; i < 10; i++) {
                assertEquals(1, ring.poll(in));
                assertEquals(i, readRecord(in));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(0, ring.poll(in), "the half-written record is never visible");
            }
            assertTrue(ring.size() > 0, "it is there, claimed and never committed");
        }
    }

    @Test
    void aRecordLongerThanTheRingTakesIsRefusedByName() {
        try (RingChannel ring = RingChannel.create(dir.resolve("ring"), 1024)) {
            final FrameOut out = new FrameOut().putBytes(new byte[ring.maxRecordLength() + 1]);
            final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ring.offer(1, out));
            assertTrue(e.getMessage().contains("length"), e.getMessage());
        }
    }

    private Process start(final RingChannel ring, final String... args) throws Exception {
        final Path log = Files.createFile(dir.resolve("writer.log"));
        final List<String> all = new java.util.ArrayList<>(List.of(ring.file().toString()));
        all.addAll(List.of(args));
        return new JavaLauncher(List.of("-Xmx32m")).start(RingWriterMain.class, log, all);
    }
}
