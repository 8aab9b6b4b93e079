package dev.newt.net.tcp;

import static dev.newt.net.tcp.TcpHarness.B;
import static dev.newt.net.tcp.TcpHarness.MS;
import static dev.newt.net.tcp.TcpHarness.seg;
import static dev.newt.net.tcp.TcpHarness.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.testing.Await;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.wire.TcpSegment;
import dev.newt.net.wire.TcpSegment.Options;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Opening connections: active, passive and simultaneous opens, refusals, SYN timeouts, RSTs to closed ports. */
class TcpHandshakeTest {

    @Test
    void activeOpenSendsSynWithMssAndWindowScaleAndAcksTheSynAck() {
        try (TcpHarness h = new TcpHarness()) {
            final CompletableFuture<Envelope> f = h.call(new StreamConnect(B, 80, 0));
            h.runMs(1);
            final TcpHarness.Sent syn = h.one();
            assertThat(syn.flags()).isEqualTo("S");
            assertThat(syn.seg().sourcePort()).isEqualTo(49152);
            assertThat(syn.seg().destinationPort()).isEqualTo(80);
            // 64 KiB needs a shift of 1 to be advertised; the SYN's own window is never scaled.
            assertThat(syn.seg().options()).isEqualTo(new Options(1460, 1, false));
            assertThat(syn.seg().window()).isEqualTo(65535);
            assertThat(f).isNotDone();

            h.deliver(syn(80, 49152, 5000, syn.seq() + 1, 8000, new Options(1000, 2, false),
                TcpSegment.SYN | TcpSegment.ACK));
            final StreamConnected c = (StreamConnected) h.await(f);
            assertThat(c.localPort()).isEqualTo(49152);
            final TcpHarness.Sent ack = h.one();
            assertThat(ack.flags()).isEqualTo("A");
            assertThat(ack.seq()).isEqualTo(syn.seq() + 1);
            assertThat(ack.ack()).isEqualTo(5001);
            // 65535 bytes offered in the SYN, now expressed with our shift of 1
            assertThat(ack.seg().window()).isEqualTo(32767);

            final Connection conn = h.connection(c.connectionId());
            assertThat(conn.state).isEqualTo(TcpState.ESTABLISHED);
            assertThat(conn.snd.mss).isEqualTo(1000);
            assertThat(conn.snd.shift).isEqualTo(2);
            assertThat(conn.rcv.shift).isEqualTo(1);
            assertThat(conn.snd.sndWnd).as("the SYN-ACK's window is not scaled").isEqualTo(8000);
            final Stats st = h.stats();
            assertThat(st.get("connections.active-opens")).isEqualTo(1);
            assertThat(st.get("connections.opened")).isEqualTo(1);
            assertThat(st.get("segments.out")).isEqualTo(2);
            assertThat(st.get("segments.in")).isEqualTo(1);
            assertThat(st.get("rtt.samples")).isEqualTo(1);
        }
    }

    @Test
    void passiveOpenAnswersTheSynAndAcceptCompletesOnTheFinalAck() {
        try (TcpHarness h = new TcpHarness()) {
            final StreamListening l = (StreamListening) h.ask(new StreamListen(80, 5));
            assertThat(l.port()).isEqualTo(80);
            final CompletableFuture<Envelope> accept = h.call(new StreamAccept(l.listenerId()));
            h.deliver(syn(40000, 80, 1000, 0, 20000, new Options(1400, 0, false), TcpSegment.SYN));
            final TcpHarness.Sent synAck = h.one();
            assertThat(synAck.flags()).isEqualTo("SA");
            assertThat(synAck.ack()).isEqualTo(1001);
            assertThat(synAck.seg().options()).as("scaling offered back, MSS ours")
                .isEqualTo(new Options(1460, 1, false));
            assertThat(accept).isNotDone();

            h.deliver(seg(40000, 80, 1001, synAck.seq() + 1, TcpSegment.ACK, 20000, new byte[0]));
            final StreamAccepted a = (StreamAccepted) h.await(accept);
            assertThat(a.remote()).isEqualTo(B);
            assertThat(a.remotePort()).isEqualTo(40000);
            assertThat(a.localPort()).isEqualTo(80);
            assertThat(h.sent()).as("nothing to say after the final ACK").isEmpty();
            final Connection c = h.connection(a.connectionId());
            assertThat(c.state).isEqualTo(TcpState.ESTABLISHED);
            assertThat(c.snd.mss).isEqualTo(1400);
            assertThat(c.snd.sndWnd).as("scale 0 from the peer").isEqualTo(20000);
            assertThat(h.stats().get("connections.passive-opens")).isEqualTo(1);
        }
    }

    @Test
    void tcpIsQuiescentForAnUpdateOnlyWhenNoHandshakeIsInProgress() {
        final TcpServer tcp = new TcpServer(TcpHarness.HOST, TcpConfig.DEFAULTS);
        try (TcpHarness h = new TcpHarness()) {
            final StreamListening l = (StreamListening) h.ask(new StreamListen(80, 5));
            assertThat(tcp.quiescent(h.state())).as("a listener alone").isTrue();
            h.deliver(syn(40000, 80, 1000, 0, 20000, Options.NONE, TcpSegment.SYN));
            final TcpHarness.Sent synAck = h.one();
            assertThat(tcp.quiescent(h.state())).as("passive open in SYN_RECEIVED").isFalse();
            h.deliver(seg(40000, 80, 1001, synAck.seq() + 1, TcpSegment.ACK, 20000, new byte[0]));
            assertThat(tcp.quiescent(h.state())).as("established").isTrue();

            final CompletableFuture<Envelope> connect = h.call(new StreamConnect(B, 81, 0));
            h.runMs(1);
            final TcpHarness.Sent syn = h.one();
            assertThat(tcp.quiescent(h.state())).as("active open in SYN_SENT").isFalse();
            h.deliver(syn(81, syn.seg().sourcePort(), 5000, syn.seq() + 1, 20000, Options.NONE,
                TcpSegment.SYN | TcpSegment.ACK));
            assertThat(h.await(connect)).isInstanceOf(StreamConnected.class);
            assertThat(tcp.quiescent(h.state())).as("both established").isTrue();
            assertThat(l.listenerId()).isPositive();
        }
    }

    @Test
    void synAckWithoutScalingOptionWhenThePeerOfferedNone() {
        try (TcpHarness h = new TcpHarness()) {
            h.ask(new StreamListen(80, 5));
            h.deliver(syn(40000, 80, 1000, 0, 20000, new Options(1460, -1, false), TcpSegment.SYN));
            final TcpHarness.Sent synAck = h.one();
            assertThat(synAck.seg().options()).isEqualTo(new Options(1460, -1, false));
            h.deliver(seg(40000, 80, 1001, synAck.seq() + 1, TcpSegment.ACK, 20000, new byte[0]));
            final Connection c = h.state().connections.firstEntry().getValue();
            assertThat(c.rcv.shift).isZero();
            assertThat(c.rcv.capacity).as("an unscaled window cannot offer 64 KiB").isEqualTo(65535);
        }
    }

    @Test
    void lostSynAckIsSentAgainWhenTheSynIsRepeated() {
        try (TcpHarness h = new TcpHarness()) {
            h.ask(new StreamListen(80, 5));
            h.deliver(syn(40000, 80, 1000, 0, 20000, Options.NONE, TcpSegment.SYN));
            final TcpHarness.Sent first = h.one();
            h.deliver(syn(40000, 80, 1000, 0, 20000, Options.NONE, TcpSegment.SYN));
            final TcpHarness.Sent again = h.one();
            assertThat(again.flags()).isEqualTo("SA");
            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(again.ack()).isEqualTo(1001);
        }
    }

    @Test
    void simultaneousOpenEstablishesThroughSynReceived() {
        try (TcpHarness h = new TcpHarness()) {
            final CompletableFuture<Envelope> f = h.call(new StreamConnect(B, 80, 5555));
            h.runMs(1);
            final TcpHarness.Sent syn = h.one();
            assertThat(syn.seg().sourcePort()).isEqualTo(5555);
            // b's own SYN crosses ours
            h.deliver(syn(80, 5555, 7000, 0, 30000, new Options(1460, -1, false), TcpSegment.SYN));
            final TcpHarness.Sent synAck = h.one();
            assertThat(synAck.flags()).isEqualTo("SA");
            assertThat(synAck.seq()).isEqualTo(syn.seq());
            assertThat(synAck.ack()).isEqualTo(7001);
            assertThat(synAck.seg().options()).as("b did not offer scaling").isEqualTo(new Options(1460, -1, false));
            assertThat(h.state().connections.firstEntry().getValue().state).isEqualTo(TcpState.SYN_RECEIVED);
            assertThat(f).isNotDone();
            // b's SYN-ACK acknowledges our SYN
            h.deliver(syn(80, 5555, 7000, syn.seq() + 1, 30000, new Options(1460, -1, false),
                TcpSegment.SYN | TcpSegment.ACK));
            final StreamConnected c = (StreamConnected) h.await(f);
            final Connection conn = h.connection(c.connectionId());
            assertThat(conn.state).isEqualTo(TcpState.ESTABLISHED);
            assertThat(conn.rcv.rcvNxt).isEqualTo(7001);
            assertThat(conn.snd.sndUna).isEqualTo(syn.seq() + 1);
            assertThat(conn.rcv.shift).as("scaling needs both SYNs to carry it").isZero();
        }
    }

    @Test
    void connectRefusedByRstFailsWithRefused() {
        try (TcpHarness h = new TcpHarness()) {
            final CompletableFuture<Envelope> f = h.call(new StreamConnect(B, 81, 0));
            h.runMs(1);
            final TcpHarness.Sent syn = h.one();
            h.deliver(seg(81, syn.seg().sourcePort(), 0, syn.seq() + 1, TcpSegment.RST | TcpSegment.ACK, 0,
                new byte[0]));
            assertThat(h.error(f).code()).isEqualTo("REFUSED");
            final Stats st = h.stats();
            assertThat(st.get("connections.refused")).isEqualTo(1);
            assertThat(st.get("connections")).isZero();
            assertThat(h.sent()).isEmpty();
        }
    }

    @Test
    void rstWhoseAckDoesNotMatchOurSynIsIgnoredInSynSent() {
        try (TcpHarness h = new TcpHarness()) {
            final CompletableFuture<Envelope> f = h.call(new StreamConnect(B, 81, 0));
            h.runMs(1);
            final TcpHarness.Sent syn = h.one();
            h.deliver(seg(81, syn.seg().sourcePort(), 0, syn.seq() + 99, TcpSegment.RST | TcpSegment.ACK, 0,
                new byte[0]));
            assertThat(f).isNotDone();
            assertThat(h.stats().get("rejected.bad-ack")).isEqualTo(1);
            assertThat(h.sent()).as("no RST for a RST").isEmpty();
        }
    }

    @Test
    void synIsRetransmittedWithExponentialBackOffThenTheConnectTimesOut() {
        try (TcpHarness h = new TcpHarness()) {
            final CompletableFuture<Envelope> f = h.call(new StreamConnect(B, 80, 0));
            h.run(Duration.ofSeconds(70));
            final List<TcpHarness.Sent> syns = h.sent();
            assertThat(syns).extracting(TcpHarness.Sent::flags).containsOnly("S");
            final long t0 = syns.get(0).at();
            // initial RTO 1 s, doubled each time; five retransmissions, then the sixth expiry gives up
            assertThat(syns).extracting(s -> (s.at() - t0) / MS).containsExactly(0L, 1000L, 3000L, 7000L, 15000L,
                31000L);
            assertThat(syns).extracting(TcpHarness.Sent::seq).containsOnly(syns.get(0).seq());
            assertThat(h.error(f).code()).isEqualTo("TIMED_OUT");
            assertThat((Await.result(f).sentAt() - t0) / MS).isEqualTo(63000L);
            final Stats st = h.stats();
            assertThat(st.get("retransmits")).isEqualTo(5);
            assertThat(st.get("timeouts")).isEqualTo(5);
            assertThat(st.get("connections.timed-out")).isEqualTo(1);
            assertThat(st.get("connections")).isZero();
        }
    }

    @Test
    void segmentsForAClosedPortAreAnsweredWithRst() {
        try (TcpHarness h = new TcpHarness()) {
            h.deliver(seg(40000, 9, 100, 0, TcpSegment.SYN, 1000, new byte[0]));
            final TcpHarness.Sent r1 = h.one();
            assertThat(r1.flags()).isEqualTo("RA");
            assertThat(r1.seq()).isZero();
            assertThat(r1.ack()).as("SEG.SEQ + SEG.LEN, the SYN counting one").isEqualTo(101);
            assertThat(r1.seg().sourcePort()).isEqualTo(9);
            assertThat(r1.seg().destinationPort()).isEqualTo(40000);

            h.deliver(seg(40000, 9, 100, 777, TcpSegment.ACK, 1000, new byte[] {1, 2}));
            final TcpHarness.Sent r2 = h.one();
            assertThat(r2.flags()).isEqualTo("R");
            assertThat(r2.seq()).as("SEG.ACK").isEqualTo(777);

            h.deliver(seg(40000, 9, 100, 0, TcpSegment.FIN, 1000, new byte[] {1, 2, 3}));
            assertThat(h.one().ack()).as("data and FIN").isEqualTo(104);

            h.deliver(seg(40000, 9, 100, 0, TcpSegment.RST, 1000, new byte[0]));
            assertThat(h.sent()).as("a RST is never answered").isEmpty();
            final Stats st = h.stats();
            assertThat(st.get("no-connection")).isEqualTo(4);
            assertThat(st.get("rst.out")).isEqualTo(3);
            assertThat(st.get("rst.in")).isEqualTo(1);
        }
    }

    @Test
    void ackToAListenerIsAnsweredWithRstAndMakesNoConnection() {
        try (TcpHarness h = new TcpHarness()) {
            h.ask(new StreamListen(80, 5));
            h.deliver(seg(40000, 80, 100, 4242, TcpSegment.ACK, 1000, new byte[0]));
            final TcpHarness.Sent r = h.one();
            assertThat(r.flags()).isEqualTo("R");
            assertThat(r.seq()).isEqualTo(4242);
            assertThat(h.stats().get("connections")).isZero();
        }
    }

    @Test
    void synBeyondTheBacklogIsDroppedUntilOneIsAccepted() {
        try (TcpHarness h = new TcpHarness()) {
            final StreamListening l = (StreamListening) h.ask(new StreamListen(80, 1));
            h.deliver(syn(40000, 80, 1000, 0, 20000, Options.NONE, TcpSegment.SYN));
            final TcpHarness.Sent synAck = h.one();
            h.deliver(syn(40001, 80, 5000, 0, 20000, Options.NONE, TcpSegment.SYN));
            assertThat(h.sent()).isEmpty();
            assertThat(h.stats().get("rejected.backlog-full")).isEqualTo(1);
            h.deliver(seg(40000, 80, 1001, synAck.seq() + 1, TcpSegment.ACK, 20000, new byte[0]));
            assertThat(((StreamAccepted) h.ask(new StreamAccept(l.listenerId()))).remotePort()).isEqualTo(40000);
            h.deliver(syn(40001, 80, 5000, 0, 20000, Options.NONE, TcpSegment.SYN));
            assertThat(h.one().flags()).isEqualTo("SA");
        }
    }

    @Test
    void secondListenerOnAPortIsRefusedAndBadCallsAreNamed() {
        try (TcpHarness h = new TcpHarness()) {
            h.ask(new StreamListen(80, 5));
            assertThat(h.error(h.call(new StreamListen(80, 5))).code()).isEqualTo("ADDRESS_IN_USE");
            assertThat(h.error(h.call(new StreamListen(0, 5))).code()).isEqualTo("INVALID_ARGUMENT");
            assertThat(h.error(h.call(new StreamAccept(99))).code()).isEqualTo("BAD_SOCKET");
            assertThat(h.error(h.call(new StreamConnect(B, 0, 0))).code()).isEqualTo("INVALID_ARGUMENT");
            assertThat(h.error(h.call(new StreamConnect(B, 81, 80))).code()).isEqualTo("ADDRESS_IN_USE");
        }
    }
}
