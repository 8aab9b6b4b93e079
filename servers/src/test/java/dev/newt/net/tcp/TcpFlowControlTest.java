package dev.newt.net.tcp;

import static dev.newt.net.tcp.TcpHarness.MS;
import static dev.newt.net.tcp.TcpHarness.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.TcpSegment;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The sliding window: flow control both ways, zero-window probing, delayed ACKs, out-of-order
 * reassembly, and sequence numbers that wrap.
 */
class TcpFlowControlTest {

    @Test
    void zeroWindowIsProbedWithBackOffUntilItOpensThenDataFlows() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final int una = o.syn().seq() + 1;
            peer.ack(una, 0);
            h.ask(new StreamSend(o.id(), pattern(5, 0, 2000)));
            assertThat(h.sent()).as("the window is closed").isEmpty();
            for (int i = 0; i < 4; i++) {
                final TcpHarness.Sent probe = h.next();
                assertThat(probe.flags()).isEqualTo("A");
                assertThat(probe.length()).isZero();
                assertThat(probe.seq()).as("an old sequence number, which the receiver must answer")
                    .isEqualTo(una - 1);
                peer.ack(una, 0); // still closed
            }
            assertThat(h.connection(o.id()).persist.running()).isTrue();
            assertThat(h.stats().get("persist-probes")).isEqualTo(4);

            peer.ack(una, 4000); // b's application read: the window opens
            final List<TcpHarness.Sent> data = h.sent();
            assertThat(data).extracting(TcpHarness.Sent::length).containsExactly(1460, 540);
            peer.absorb(data);
            assertThat(peer.received.toByteArray()).isEqualTo(pattern(5, 0, 2000));
            assertThat(h.connection(o.id()).persist.running()).isFalse();
            assertThat(h.connection(o.id()).snd.persistShift).as("the back-off ends with the window").isZero();
        }
    }

    @Test
    void persistProbesComeAtDoublingIntervals() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final int una = o.syn().seq() + 1;
            peer.ack(una, 0);
            h.ask(new StreamSend(o.id(), new byte[10]));
            final long t0 = h.now();
            h.runMs(3100);
            final List<TcpHarness.Sent> probes = h.sent();
            assertThat(probes).extracting(p -> (p.at() - t0 + MS / 2) / MS).containsExactly(200L, 600L, 1400L, 3000L);
        }
    }

    @Test
    void fullSendBufferHoldsTheSendUntilAcksMakeRoom() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final CompletableFuture<Envelope> big = h.call(new StreamSend(o.id(), pattern(6, 0, 100_000)));
            final CompletableFuture<Envelope> after = h.call(new StreamSend(o.id(), pattern(6, 100_000, 5)));
            h.runMs(1);
            assertThat(big).as("64 KiB in the buffer, the rest waits").isNotDone();
            assertThat(h.connection(o.id()).snd.buffer.size()).isEqualTo(64 * 1024);
            for (int i = 0; i < 200 && !after.isDone(); i++) {
                peer.absorb(h.sent());
            }
            assertThat(((StreamSent) h.await(big)).bytes()).isEqualTo(100_000);
            assertThat(((StreamSent) h.await(after)).bytes()).isEqualTo(5);
            for (int i = 0; i < 50 && peer.received.size() < 100_005; i++) {
                peer.absorb(h.sent());
            }
            assertThat(peer.received.toByteArray()).isEqualTo(pattern(6, 0, 100_005));
        }
    }

    @Test
    void unreadDataShrinksTheAdvertisedWindowAndReadingReopensIt() {
        try (TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS.withReceiveBuffer(8000).withDelayedAck(
            Duration.ZERO))) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            peer.send(pattern(7, 0, 1000));
            assertThat(h.one().seg().window()).as("8000 - 1000 unread").isEqualTo(7000);
            for (int i = 1; i < 8; i++) {
                peer.send(pattern(7, i * 1000, 1000));
            }
            final List<TcpHarness.Sent> acks = h.sent();
            assertThat(acks.get(acks.size() - 1).seg().window()).isZero();
            assertThat(acks.get(acks.size() - 1).ack()).isEqualTo(9001 + 8000);
            peer.send(pattern(7, 8000, 500)); // beyond the window: not taken
            assertThat(h.one().ack()).isEqualTo(9001 + 8000);
            peer.sndNxt -= 500;

            final StreamData read = (StreamData) h.ask(new StreamReceive(o.id(), 6000));
            assertThat(read.data()).isEqualTo(pattern(7, 0, 6000));
            final TcpHarness.Sent update = h.one();
            assertThat(update.flags()).as("a window update").isEqualTo("A");
            assertThat(update.seg().window()).isEqualTo(6000);
            assertThat(h.stats().get("window-updates")).isEqualTo(1);
        }
    }

    @Test
    void singleSegmentIsAckedAfterTheDelayAndEverySecondOneAtOnce() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 100_000));
            peer.send(pattern(8, 0, 1460));
            final long t = h.now();
            assertThat(h.sent()).isEmpty();
            assertThat(h.await(r)).isInstanceOf(StreamData.class);
            h.runMs(50);
            final TcpHarness.Sent delayed = h.one();
            assertThat(delayed.ack()).isEqualTo(9001 + 1460);
            assertThat((delayed.at() - t + MS / 2) / MS).isEqualTo(40);

            peer.send(pattern(8, 1460, 1460));
            assertThat(h.sent()).isEmpty();
            peer.send(pattern(8, 2920, 1460));
            assertThat(h.one().ack()).as("the second segment is acknowledged at once").isEqualTo(9001 + 3 * 1460);
        }
    }

    @Test
    void outOfOrderSegmentsAreHeldAndDeliveredInOrderOnceTheGapFills() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 100_000));
            final int base = peer.sndNxt;
            final byte[] all = pattern(9, 0, 4000);
            peer.sendAt(base + 2000, Arrays.copyOfRange(all, 2000, 3000));
            assertThat(h.one().ack()).as("a duplicate ACK at once").isEqualTo(base);
            peer.sendAt(base + 1000, Arrays.copyOfRange(all, 1000, 2500)); // overlaps the held one
            assertThat(h.one().ack()).isEqualTo(base);
            peer.sendAt(base + 3000, Arrays.copyOfRange(all, 3000, 4000));
            assertThat(h.one().ack()).isEqualTo(base);
            assertThat(r).isNotDone();
            assertThat(h.connection(o.id()).rcv.outOfOrder.ranges).hasSize(1);

            peer.sendAt(base, Arrays.copyOfRange(all, 0, 1000));
            assertThat(h.one().ack()).as("the gap filled: everything at once").isEqualTo(base + 4000);
            assertThat(((StreamData) h.await(r)).data()).isEqualTo(all);
            assertThat(h.connection(o.id()).rcv.outOfOrder.empty()).isTrue();
        }
    }

    @Test
    void sequenceNumbersWrapAroundInBothDirections() {
        final int ourIss = 0xFFFF_F000; // 4096 below the wrap
        try (TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS.withFixedIsn(ourIss))) {
            final int peerIss = -3000;
            final TcpHarness.Open o = h.open(peerIss);
            assertThat(o.syn().seq()).isEqualTo(ourIss);
            final TcpHarness.Peer peer = o.peer();

            // ours: 20 000 bytes from 0xFFFFF001 on, across 0
            final CompletableFuture<Envelope> sent = h.call(new StreamSend(o.id(), pattern(10, 0, 20_000)));
            boolean crossed = false;
            for (int i = 0; i < 50 && peer.received.size() < 20_000; i++) {
                final List<TcpHarness.Sent> segs = h.sent();
                for (TcpHarness.Sent s : segs) {
                    crossed |= Integer.compareUnsigned(s.seq(), 0x1000) < 0;
                }
                peer.absorb(segs);
                h.runMs(1);
            }
            assertThat(crossed).isTrue();
            assertThat(h.await(sent)).isEqualTo(new StreamSent(20_000));
            assertThat(peer.received.toByteArray()).isEqualTo(pattern(10, 0, 20_000));
            assertThat(h.connection(o.id()).snd.sndUna).isEqualTo(ourIss + 1 + 20_000);

            // theirs: 10 000 bytes from -2999 on, out of order around the wrap
            final ByteArrayOutputStream got = new ByteArrayOutputStream();
            final byte[] in = pattern(11, 0, 10_000);
            final int base = peer.sndNxt;
            final int[] order = {1, 0, 3, 2, 4, 6, 5, 9, 8, 7};
            for (int k : order) {
                peer.sendAt(base + k * 1000, Arrays.copyOfRange(in, k * 1000, k * 1000 + 1000));
            }
            while (got.size() < 10_000) {
                got.writeBytes(((StreamData) h.ask(new StreamReceive(o.id(), 100_000))).data());
            }
            assertThat(got.toByteArray()).isEqualTo(in);
            final Connection c = h.connection(o.id());
            assertThat(c.rcv.rcvNxt).isEqualTo(base + 10_000);
            assertThat(Integer.compareUnsigned(c.rcv.rcvNxt, 10_000)).isLessThan(0);
        }
    }

    @Test
    void segmentWithBadChecksumIsDroppedAndCounted() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final byte[] seg = TcpSegment.of(80, o.peer().localPort, o.peer().sndNxt, 0, TcpSegment.ACK, 100,
                new byte[] {1, 2, 3}).encode(TcpHarness.B, TcpHarness.A);
            seg[21] ^= 1;
            final byte[] packet = Ipv4Packet.of(TcpHarness.B, TcpHarness.A,
                IpProtocol.TCP, 1, 64, ByteBuffer.wrap(seg)).encode();
            h.pf.send(TcpHarness.TCP, new IpInbound(TcpHarness.B, TcpHarness.A, 6, packet, 20));
            h.runMs(1);
            assertThat(h.sent()).isEmpty();
            assertThat(h.stats().get("drop.BAD_CHECKSUM")).isEqualTo(1);
        }
    }
}
