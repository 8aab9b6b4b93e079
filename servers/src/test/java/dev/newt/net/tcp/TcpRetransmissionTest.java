package dev.newt.net.tcp;

import static dev.newt.net.tcp.TcpHarness.MS;
import static dev.newt.net.tcp.TcpHarness.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Loss recovery: the retransmission timer with back-off (RFC 6298), Karn's rule, fast retransmit
 * and NewReno partial ACKs (RFC 5681, RFC 6582), giving up, and timers surviving a restart.
 */
class TcpRetransmissionTest {

    @Test
    void unacknowledgedDataIsRetransmittedWithExponentialBackOffAtExactTimes() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            // the handshake's RTT sample (about 1 ms) gives the 200 ms floor
            assertThat(h.connection(o.id()).snd.rtt.rto()).isEqualTo(200 * MS);
            h.ask(new StreamSend(o.id(), pattern(1, 0, 1000)));
            final TcpHarness.Sent first = h.one();
            h.runMs(6300);
            final List<TcpHarness.Sent> again = h.sent();
            assertThat(again).extracting(s -> (s.at() - first.at()) / MS).containsExactly(200L, 600L, 1400L, 3000L,
                6200L);
            assertThat(again).extracting(TcpHarness.Sent::seq).containsOnly(first.seq());
            assertThat(again).extracting(TcpHarness.Sent::length).containsOnly(1000);
            o.peer().absorb(again);
            h.runMs(20_000);
            assertThat(h.sent()).as("all acknowledged: the timer stopped").isEmpty();
            final Stats st = h.stats();
            assertThat(st.get("timeouts")).isEqualTo(5);
            assertThat(st.get("retransmits")).isEqualTo(5);
            assertThat(o.peer().received.toByteArray()).isEqualTo(pattern(1, 0, 1000));
        }
    }

    @Test
    void karnsRuleTakesNoSampleFromRetransmittedDataSoTheBackedOffTimeoutStays() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            h.ask(new StreamSend(o.id(), new byte[100]));
            final TcpHarness.Sent first = h.one();
            h.runMs(210);
            final TcpHarness.Sent retransmitted = h.one();
            assertThat((retransmitted.at() - first.at()) / MS).isEqualTo(200);
            h.runMs(40);
            o.peer().absorb(List.of(retransmitted)); // ambiguous: for the first copy or the second?
            final Connection c = h.connection(o.id());
            assertThat(h.stats().get("rtt.samples")).as("only the handshake's").isEqualTo(1);
            assertThat(c.snd.rtt.backoff).isEqualTo(1);
            assertThat(c.snd.rtt.rto()).isEqualTo(400 * MS);

            // new data: its timeout is still the backed-off one
            h.ask(new StreamSend(o.id(), new byte[100]));
            final TcpHarness.Sent next = h.one();
            h.runMs(410);
            final TcpHarness.Sent nextAgain = h.one();
            assertThat((nextAgain.at() - next.at()) / MS).isEqualTo(400);

            // data acknowledged without retransmission gives a sample, which ends the back-off
            o.peer().absorb(List.of(nextAgain));
            h.ask(new StreamSend(o.id(), new byte[100]));
            final TcpHarness.Sent timed = h.one();
            h.runMs(10);
            o.peer().absorb(List.of(timed));
            assertThat(h.stats().get("rtt.samples")).isEqualTo(2);
            final Connection after = h.connection(o.id());
            assertThat(after.snd.rtt.backoff).isZero();
            assertThat(after.snd.rtt.srtt).isBetween(2 * MS, 3 * MS); // 7/8 of ~1 ms plus 1/8 of ~10 ms
            assertThat(after.snd.rtt.rto()).isEqualTo(200 * MS);
        }
    }

    @Test
    void threeDuplicateAcksTriggerFastRetransmitLongBeforeTheTimer() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            h.ask(new StreamSend(o.id(), pattern(2, 0, 20 * 1460)));
            final List<TcpHarness.Sent> window = h.sent();
            assertThat(window).as("the initial window: three segments").hasSize(3);
            peer.absorb(window.subList(0, 1));
            final List<TcpHarness.Sent> more = h.sent();
            assertThat(more).as("slow start: two for one").hasSize(2);
            // segment 1 is lost; 2, 3 and 4 arrive and each draws a duplicate ACK
            final int hole = window.get(1).seq();
            peer.ack(hole);
            peer.ack(hole);
            assertThat(h.sent()).isEmpty();
            peer.ack(hole);
            final List<TcpHarness.Sent> after = h.sent();
            assertThat(after.get(0).seq()).as("the lost segment, at once").isEqualTo(hole);
            assertThat(after.get(0).length()).isEqualTo(1460);
            assertThat(after.get(0).at() - window.get(0).at()).isLessThan(10 * MS);
            final Connection c = h.connection(o.id());
            assertThat(c.snd.inRecovery).isTrue();
            // ssthresh = max(FlightSize / 2, 2 SMSS) = 4 * 1460 / 2; cwnd = ssthresh + 3 SMSS
            assertThat(c.snd.cc.ssthresh()).isEqualTo(2920);
            assertThat(after).as("the inflated window lets one new segment out").hasSize(2);
            assertThat(after.get(1).seq()).isEqualTo(more.get(1).seq() + 1460);

            // the retransmission fills the hole: everything up to the recovery point is acknowledged
            peer.take(window.subList(1, 3));
            peer.take(more);
            peer.take(after);
            peer.ack(peer.rcvNxt);
            final Connection done = h.connection(o.id());
            assertThat(done.snd.inRecovery).isFalse();
            final Stats st = h.stats();
            assertThat(st.get("fast-retransmits")).isEqualTo(1);
            assertThat(st.get("timeouts")).isZero();
            assertThat(st.get("dup-acks")).isEqualTo(3);
        }
    }

    @Test
    void partialAckInFastRecoveryRetransmitsTheNextHoleAtOnce() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            h.ask(new StreamSend(o.id(), pattern(3, 0, 20 * 1460)));
            final List<TcpHarness.Sent> w1 = h.sent();
            peer.absorb(w1.subList(0, 1));
            final List<TcpHarness.Sent> w2 = h.sent(); // segments 3 and 4
            // segments 1 and 3 are lost
            final int hole1 = w1.get(1).seq();
            final int hole2 = w2.get(0).seq();
            peer.ack(hole1);
            peer.ack(hole1);
            peer.ack(hole1);
            final List<TcpHarness.Sent> fast = h.sent();
            assertThat(fast.get(0).seq()).isEqualTo(hole1);
            // the retransmission arrives: b now has 1 and 2, and acknowledges up to the second hole
            peer.take(List.of(fast.get(0), w1.get(2)));
            assertThat(peer.rcvNxt).isEqualTo(hole2);
            peer.ack(hole2);
            final List<TcpHarness.Sent> partial = h.sent();
            assertThat(partial).isNotEmpty();
            assertThat(partial.get(0).seq()).as("NewReno: the next hole, without waiting").isEqualTo(hole2);
            assertThat(h.connection(o.id()).snd.inRecovery).as("still recovering").isTrue();
            final Stats st = h.stats();
            assertThat(st.get("fast-retransmits")).isEqualTo(1);
            assertThat(st.get("timeouts")).isZero();
            assertThat(st.get("retransmits")).isEqualTo(2);
        }
    }

    @Test
    void connectionTimesOutAfterTenRetransmissionsAndWaitingCallsFail() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 10));
            h.ask(new StreamSend(o.id(), new byte[10]));
            final TcpHarness.Sent first = h.one();
            h.run(Duration.ofSeconds(500));
            final List<TcpHarness.Sent> again = h.sent();
            assertThat(again).hasSize(10);
            // 200 ms doubling up to the 60 s ceiling: at 0.2, 0.6, 1.4, 3, 6.2, 12.6, 25.4, 51, 102.2 and
            // 162.2 s; the eleventh expiry, 60 s later, gives up
            assertThat(again).extracting(s -> (s.at() - first.at()) / MS).containsExactly(200L, 600L, 1400L, 3000L,
                6200L, 12_600L, 25_400L, 51_000L, 102_200L, 162_200L);
            assertThat(h.error(r).code()).isEqualTo("TIMED_OUT");
            assertThat((Await.result(r).sentAt() - first.at()) / MS).isEqualTo(222_200L);
            assertThat(h.stats().get("connections.timed-out")).isEqualTo(1);
            assertThat(h.error(h.call(new StreamSend(o.id(), new byte[1]))).code()).isEqualTo("TIMED_OUT");
        }
    }

    @Test
    void tcpRestoredFromACheckpointKeepsItsConnectionAndRetransmitsOnTime() {
        try (TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS, s -> s.wrapping(Crashable::new))) {
            final TcpHarness.Open o = h.open(9000);
            h.ask(new StreamSend(o.id(), pattern(4, 0, 3000)));
            final List<TcpHarness.Sent> sent = h.sent();
            assertThat(sent).hasSize(3);
            h.runMs(50);
            h.other.send(TcpHarness.TCP, Crashable.CRASH);
            h.runMs(20);
            assertThat(h.rt.status(TcpHarness.TCP).epoch()).isEqualTo(2);
            h.runMs(200);
            final List<TcpHarness.Sent> again = h.sent();
            assertThat(again).as("the retransmission timer came back with the state").isNotEmpty();
            assertThat((again.get(0).at() - sent.get(0).at()) / MS).isEqualTo(200);
            assertThat(again.get(0).seq()).isEqualTo(sent.get(0).seq());
            o.peer().absorb(sent);
            final StreamSent more = (StreamSent) h.ask(new StreamSend(o.id(), pattern(4, 3000, 10)));
            assertThat(more.bytes()).isEqualTo(10);
            o.peer().absorb(h.sent());
            assertThat(o.peer().received.toByteArray()).isEqualTo(pattern(4, 0, 3010));
        }
    }
}
