package dev.newt.net.link;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.bytes;
import static dev.newt.net.link.TestFrames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.pcap.PcapReader;
import dev.newt.net.pcap.PcapRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wire's capture holds exactly what its receivers got, in order, stamped with the delivery time.
 * The captures stay in {@code servers/target/pcap/} for a look with Wireshark or tcpdump.
 */
class WireCaptureTest {
    private static final Path DIR = Path.of("target", "pcap"); // relative to the module, where Maven runs tests

    /** A delivery as a receiver saw it: when and what. */
    record Seen(long timestampNanos, byte[] frame) {
    }

    @Test
    void captureHoldsWhatEachReceiverGotInOrderWithDeliveryTimes() throws IOException {
        final Path file = DIR.resolve("wire-capture-both-directions.pcap");
        Files.deleteIfExists(file);
        final PcapTap tap = PcapTap.create(file);
        final WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic")
            .latency(Duration.ofMillis(1))
            .bandwidth(10_000_000)
            .loss(0.1)
            .duplicate(0.2)
            .corrupt(0.2)
            .reorder(0.1, Duration.ofMillis(3))
            .capture(tap);
        final List<Envelope> atA;
        final List<Envelope> atB;
        final Stats stats;
        try (NewtRuntime rt = NewtRuntime.builder().seed(11).server(LinkSpecs.wire(cfg)).build()) {
            rt.start();
            rt.runFor(Duration.ofMillis(1));
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            // different lengths both ways, so no record can pass for a frame of the other direction
            for (int seq = 0; seq < 100; seq++) {
                a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, seq, 200)));
                b.send("wire.a-b", new Frame(numbered(MAC_B, MAC_A, 1000 + seq, 300)));
            }
            rt.runFor(Duration.ofMillis(100));
            atA = TestFrames.drain(a);
            atB = TestFrames.drain(b);
            stats = TestFrames.stats(rt, rt.client("probe"), "wire.a-b");
        } // closing the runtime stops the wire, which closes the tap

        final List<PcapRecord> records;
        try (PcapReader reader = new PcapReader(file)) {
            assertThat(reader.linkType()).isEqualTo(1);
            records = reader.readAll();
        }
        assertThat(records).hasSize(atA.size() + atB.size());
        assertThat(tap.captured()).isEqualTo(records.size());
        assertThat(tap.failure()).isEmpty();
        assertThat(stats.get("frames.out")).isEqualTo(records.size());
        assertThat(stats.get("duplicated")).as("duplicates appear twice").isPositive();
        assertThat(stats.get("corrupted")).as("as received, not as sent").isPositive();
        assertThat(stats.get("capture.errors")).isZero();

        // The capture is one interleaving of what a got and what b got, each in its own order.
        int ia = 0;
        int ib = 0;
        for (PcapRecord r : records) {
            if (ib < atB.size() && same(r, atB.get(ib))) {
                ib++;
            } else if (ia < atA.size() && same(r, atA.get(ia))) {
                ia++;
            } else {
                throw new AssertionError("record " + r + " is not the next frame a or b received");
            }
        }
        assertThat(ia).isEqualTo(atA.size());
        assertThat(ib).isEqualTo(atB.size());
    }

    /** Same bytes, and stamped with the delivery time cut to the file's microseconds. */
    private static boolean same(final PcapRecord r, final Envelope delivered) {
        return Arrays.equals(r.frame(), bytes(delivered))
            && r.timestampNanos() == delivered.sentAt() / 1000 * 1000
            && !r.truncated();
    }

    @Test
    void captureGoesOnAcrossRestartsAndStopsOnlyWhenTheRuntimeCloses() throws IOException {
        final Path file = DIR.resolve("wire-capture-restart.pcap");
        final PcapTap tap = PcapTap.create(file);
        final WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic").capture(tap);
        try (NewtRuntime rt = NewtRuntime.builder().seed(2)
            .server(ServerSpec.of("wire.a-b", WireServer.State.class,
                () -> new WireDropTest.CrashableWire(cfg), WireServer.State::new)
                .withBackoff(Backoff.NONE))
            .build()) {
            rt.start();
            rt.runFor(Duration.ofMillis(1));
            final NewtClient a = rt.client("a.nic");
            rt.client("b.nic");
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 1, 60)));
            rt.runFor(Duration.ofMillis(1));
            rt.client("operator").send("wire.a-b", "crash");
            rt.runFor(Duration.ofMillis(1));
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 2, 60)));
            rt.runFor(Duration.ofMillis(1));
            assertThat(rt.status("wire.a-b").restarts()).isEqualTo(1);
            assertThat(tap.captured()).isEqualTo(2);
        }
        assertThat(PcapReader.readAll(file)).extracting(r -> TestFrames.headSeq(r.frame())).containsExactly(1, 2);
        // closed: a frame captured after the runtime closed is refused, not written
        assertThat(tap.capture(0, new byte[60])).isFalse();
        assertThat(PcapReader.readAll(file)).hasSize(2);
    }
}
