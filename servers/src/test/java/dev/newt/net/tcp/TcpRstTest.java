package dev.newt.net.tcp;

import static dev.newt.net.tcp.TcpHarness.seg;
import static dev.newt.net.tcp.TcpHarness.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.wire.TcpSegment;
import dev.newt.net.wire.TcpSegment.Options;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Resets and the acceptance checks of RFC 5961: exact RSTs reset, near ones draw a challenge ACK. */
class TcpRstTest {

    @Test
    void rstExactlyAtRcvNxtResetsTheConnectionAndFailsWaitingAndLaterCalls() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 10));
            o.peer().rst(o.peer().sndNxt);
            assertThat(h.error(r).code()).isEqualTo("RESET");
            assertThat(h.sent()).isEmpty();
            assertThat(h.error(h.call(new StreamReceive(o.id(), 10))).code()).isEqualTo("RESET");
            assertThat(h.error(h.call(new StreamSend(o.id(), new byte[1]))).code()).isEqualTo("RESET");
            h.ask(new StreamClose(o.id(), false));
            final Stats st = h.stats();
            assertThat(st.get("connections.reset")).isEqualTo(1);
            assertThat(st.get("connections")).isZero();
            // the 4-tuple is free: b's next segment finds no connection and is reset
            o.peer().send(new byte[] {1});
            assertThat(h.one().flags()).isEqualTo("R");
        }
    }

    @Test
    void rstInTheWindowButNotExactDrawsAChallengeAckAndChangesNothing() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 10));
            o.peer().rst(o.peer().sndNxt + 100);
            final TcpHarness.Sent challenge = h.one();
            assertThat(challenge.flags()).isEqualTo("A");
            assertThat(challenge.seq()).isEqualTo(o.syn().seq() + 1);
            assertThat(challenge.ack()).isEqualTo(o.peer().sndNxt);
            assertThat(r).isNotDone();
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.ESTABLISHED);
            assertThat(h.stats().get("challenge-acks")).isEqualTo(1);
            // the true peer answers the challenge with an exact RST
            o.peer().rst(challenge.ack());
            assertThat(h.error(r).code()).isEqualTo("RESET");
        }
    }

    @Test
    void rstOutsideTheWindowIsDroppedSilently() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            o.peer().rst(o.peer().sndNxt + 200_000);
            o.peer().rst(o.peer().sndNxt - 1);
            assertThat(h.sent()).isEmpty();
            assertThat(h.stats().get("rejected.rst-out-of-window")).isEqualTo(2);
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.ESTABLISHED);
        }
    }

    @Test
    void synOnAnEstablishedConnectionDrawsAChallengeAck() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            h.deliver(syn(80, o.peer().localPort, o.peer().sndNxt + 5, 0, 1000, Options.NONE, TcpSegment.SYN));
            final TcpHarness.Sent challenge = h.one();
            assertThat(challenge.flags()).isEqualTo("A");
            assertThat(challenge.ack()).isEqualTo(o.peer().sndNxt);
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.ESTABLISHED);
            assertThat(h.stats().get("challenge-acks")).isEqualTo(1);
        }
    }

    @Test
    void ackOfDataNeverSentIsDroppedWithAChallengeAck() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 10));
            h.deliver(seg(80, peer.localPort, peer.sndNxt, o.syn().seq() + 5000, TcpSegment.ACK, 1000,
                new byte[] {1, 2, 3}));
            final TcpHarness.Sent challenge = h.one();
            assertThat(challenge.flags()).isEqualTo("A");
            assertThat(challenge.ack()).as("the data was not taken").isEqualTo(peer.sndNxt);
            assertThat(r).isNotDone();
            assertThat(h.stats().get("rejected.ack-unsent")).isEqualTo(1);
            peer.send(new byte[] {4, 5});
            assertThat(((StreamData) h.await(r)).data()).containsExactly(4, 5);
        }
    }

    @Test
    void dataOutsideTheWindowIsAnsweredWithAnAckAndDropped() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            peer.sendAt(peer.sndNxt + 70_000, new byte[10]);
            peer.sendAt(peer.sndNxt - 10, new byte[10]); // an old duplicate
            assertThat(h.sent()).extracting(TcpHarness.Sent::ack).containsExactly(peer.sndNxt, peer.sndNxt);
            assertThat(h.stats().get("rejected.out-of-window")).isEqualTo(2);
        }
    }

    @Test
    void rstOnAHalfOpenPassiveConnectionReturnsToListening() {
        try (TcpHarness h = new TcpHarness()) {
            final StreamListening l = (StreamListening) h.ask(new StreamListen(80, 5));
            final CompletableFuture<Envelope> accept = h.call(new StreamAccept(l.listenerId()));
            h.deliver(syn(40000, 80, 1000, 0, 20000, Options.NONE, TcpSegment.SYN));
            h.one();
            h.deliver(seg(40000, 80, 1001, 0, TcpSegment.RST, 0, new byte[0]));
            assertThat(h.stats().get("connections")).isZero();
            assertThat(accept).isNotDone();
            h.deliver(syn(40000, 80, 3000, 0, 20000, Options.NONE, TcpSegment.SYN));
            final TcpHarness.Sent synAck = h.one();
            h.deliver(seg(40000, 80, 3001, synAck.seq() + 1, TcpSegment.ACK, 20000, new byte[0]));
            assertThat(h.await(accept)).isNotNull();
        }
    }

    @Test
    void closingAListenerResetsItsUnacceptedConnectionsAndFailsItsAccepts() {
        try (TcpHarness h = new TcpHarness()) {
            final StreamListening l = (StreamListening) h.ask(new StreamListen(80, 5));
            h.deliver(syn(40000, 80, 1000, 0, 20000, Options.NONE, TcpSegment.SYN));
            final TcpHarness.Sent synAck = h.one();
            h.deliver(seg(40000, 80, 1001, synAck.seq() + 1, TcpSegment.ACK, 20000, new byte[0]));
            h.ask(new StreamClose(l.listenerId(), false));
            final TcpHarness.Sent rst = h.one();
            assertThat(rst.flags()).isEqualTo("R");
            assertThat(rst.seq()).isEqualTo(synAck.seq() + 1);
            assertThat(h.stats().get("connections")).isZero();
            assertThat(h.stats().get("listeners")).isZero();
            assertThat(h.error(h.call(new StreamAccept(l.listenerId()))).code()).isEqualTo("BAD_SOCKET");
        }
    }
}
