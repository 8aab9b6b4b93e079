package dev.newt.net.tcp;

import static dev.newt.net.tcp.TcpHarness.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.wire.TcpSegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A tcp restored from its checkpoint keeps its connections, and a request its dead incarnation
 * took, which the requester resubmits with the same correlation id, is recognised and not taken
 * twice.
 */
class TcpRecoveryTest {

    private static TcpHarness crashable() {
        return new TcpHarness(TcpConfig.DEFAULTS, s -> s.wrapping(Crashable::new));
    }

    private static void crash(final TcpHarness h) {
        final long epoch = h.rt.status(TcpHarness.TCP).epoch();
        h.other.send(TcpHarness.TCP, Crashable.CRASH);
        h.runMs(20);
        assertThat(h.rt.status(TcpHarness.TCP).epoch()).isEqualTo(epoch + 1);
    }

    @Test
    void resubmittedReceiveIsTheSameRequestAndIsAnsweredOnce() {
        try (TcpHarness h = crashable()) {
            final TcpHarness.Open o = h.open(9000);
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 100));
            h.runMs(1);
            crash(h);
            assertThat(h.stats().get("duplicate-request")).as("sock's resubmission").isEqualTo(1);
            assertThat(h.connection(o.id()).receives).hasSize(1);
            o.peer().send("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(((StreamData) h.await(r)).data(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            h.runMs(100);
            assertThat(h.rt.events().ofType(ReplyOrphaned.class)).as("no second answer").isEmpty();
            assertThat(h.connection(o.id()).receives).isEmpty();
        }
    }

    @Test
    void resubmittedSendWaitingForSpaceIsNotBufferedTwice() {
        try (TcpHarness h = crashable()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final CompletableFuture<Envelope> send = h.call(new StreamSend(o.id(), pattern(20, 0, 100_000)));
            h.runMs(1);
            assertThat(send).isNotDone();
            crash(h);
            assertThat(h.stats().get("duplicate-request")).isEqualTo(1);
            assertThat(h.connection(o.id()).sends).hasSize(1);
            for (int i = 0; i < 400 && peer.received.size() < 100_000; i++) {
                peer.absorb(h.sent());
                h.runMs(1);
            }
            assertThat(((StreamSent) h.await(send)).bytes()).isEqualTo(100_000);
            h.runMs(500);
            peer.absorb(h.sent());
            assertThat(peer.received.toByteArray()).as("every byte once, in order").isEqualTo(pattern(20, 0, 100_000));
            assertThat(h.connection(o.id()).snd.buffer.size()).isZero();
        }
    }

    @Test
    void restoredTcpKeepsOutOfOrderDataAndDeliversItInOrder() {
        try (TcpHarness h = crashable()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final int base = peer.sndNxt;
            final byte[] all = pattern(21, 0, 3000);
            peer.sendAt(base + 1000, Arrays.copyOfRange(all, 1000, 3000));
            crash(h);
            peer.sendAt(base, Arrays.copyOfRange(all, 0, 1000));
            assertThat(((StreamData) h.ask(new StreamReceive(o.id(), 10_000))).data()).isEqualTo(all);
        }
    }

    @Test
    void sendAnsweredByTheRestoredTcpBeforeItsResubmissionArrivesIsNotTakenAgain() {
        try (TcpHarness h = crashable()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final CompletableFuture<Envelope> send = h.call(new StreamSend(o.id(), pattern(22, 0, 66_000)));
            h.runMs(1);
            final List<TcpHarness.Sent> first = h.sent();
            assertThat(send).as("464 bytes wait for space").isNotDone();
            // the crash, and b's ACK queued behind it: the restored tcp takes the ACK, makes room and
            // answers the send, all before sock's resubmission of that send arrives
            h.other.send(TcpHarness.TCP, Crashable.CRASH);
            peer.take(first);
            h.enqueue(TcpHarness.seg(80, peer.localPort, peer.sndNxt, peer.rcvNxt, TcpSegment.ACK,
                peer.window, new byte[0]));
            h.runMs(20);
            assertThat(((StreamSent) h.await(send)).bytes()).isEqualTo(66_000);
            // the copy is dropped, by the runtime (its sender no longer waits for it) or by tcp
            // (duplicate-request.answered); either way it is not taken as a new send
            assertThat(h.stats().get("duplicate-request")).isLessThanOrEqualTo(1);
            for (int i = 0; i < 100 && peer.received.size() < 66_000; i++) {
                peer.absorb(h.sent());
                h.runMs(1);
            }
            h.runMs(300);
            peer.absorb(h.sent());
            assertThat(peer.received.toByteArray()).as("not a byte more").isEqualTo(pattern(22, 0, 66_000));
            assertThat(h.connection(o.id()).snd.buffer.size()).isZero();
        }
    }

    @Test
    void freshRestartForgetsConnectionsCleanlyCallsFailAndThePeerIsReset() {
        try (TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS,
            s -> s.wrapping(Crashable::new).withRecovery(RecoveryPolicy.FRESH))) {
            final TcpHarness.Open o = h.open(9000);
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 100));
            h.runMs(1);
            crash(h);
            assertThat(h.error(r).code()).as("the resubmitted receive names a connection that is gone")
                .isEqualTo("BAD_SOCKET");
            o.peer().send(new byte[] {1, 2, 3});
            final TcpHarness.Sent rst = h.one();
            assertThat(rst.flags()).isEqualTo("R");
            assertThat(rst.seq()).isEqualTo(o.peer().rcvNxt);
            final TcpHarness.Open again = h.open(20_000);
            assertThat(again.id()).as("a handle the dead incarnation never gave").isNotEqualTo(o.id());
            assertThat(h.error(h.call(new StreamReceive(o.id(), 1))).code()).isEqualTo("BAD_SOCKET");
        }
    }
}
