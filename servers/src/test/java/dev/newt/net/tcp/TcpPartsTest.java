package dev.newt.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.store.StateCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parts of tcp on their own: NewReno, the RTO estimator, reassembly, the config, the state's checkpoint encoding. */
class TcpPartsTest {
    private static final long MS = 1_000_000L;

    @Test
    void newRenoSlowStartsThenAvoidsCongestionThenHalvesOnTripleDuplicates() {
        final NewReno r = new NewReno(1000);
        assertThat(r.cwnd()).as("RFC 5681 IW for an MSS of 1000").isEqualTo(4000);
        r.onAck(1000, -1, 4000, 0);
        r.onAck(3000, -1, 4000, 0);
        assertThat(r.cwnd()).as("at most one SMSS per ACK in slow start").isEqualTo(6000);
        r.ssthresh = 6000;
        r.onAck(1000, -1, 6000, 0);
        assertThat(r.cwnd()).as("SMSS * SMSS / cwnd").isEqualTo(6166);
        r.onEnterRecovery(8000, 0);
        assertThat(r.ssthresh()).isEqualTo(4000);
        assertThat(r.cwnd()).isEqualTo(7000);
        r.onDuplicateAck(0);
        assertThat(r.cwnd()).isEqualTo(8000);
        r.onPartialAck(2500, 0);
        assertThat(r.cwnd()).as("deflated by 2500, one SMSS added back").isEqualTo(6500);
        r.onExitRecovery(1500, 0);
        assertThat(r.cwnd()).as("min(ssthresh, max(FlightSize, SMSS) + SMSS)").isEqualTo(2500);
        r.onTimeout(9000, 0);
        assertThat(r.ssthresh()).isEqualTo(4500);
        assertThat(r.cwnd()).as("the loss window").isEqualTo(1000);
        r.onTimeout(1000, 0);
        assertThat(r.ssthresh()).as("never below two segments").isEqualTo(2000);
    }

    @Test
    void newRenoInitialWindowFollowsTheMssLearnedFromThePeer() {
        final NewReno r = new NewReno(1460);
        assertThat(r.cwnd()).isEqualTo(4380);
        r.mssChanged(536);
        assertThat(r.cwnd()).isEqualTo(2144);
        assertThat(new NewReno(4000).cwnd()).isEqualTo(8000);
    }

    @Test
    void rtoFollowsRfc6298FromTheFirstSampleOn() {
        final RttEstimator e = new RttEstimator(1000 * MS, 200 * MS, 60_000 * MS);
        assertThat(e.rto()).isEqualTo(1000 * MS);
        e.sample(100 * MS); // SRTT 100, RTTVAR 50: 100 + 4 * 50
        assertThat(e.srtt).isEqualTo(100 * MS);
        assertThat(e.rttvar).isEqualTo(50 * MS);
        assertThat(e.rto()).isEqualTo(300 * MS);
        e.sample(180 * MS); // RTTVAR 3/4 * 50 + 1/4 * 80 = 57.5; SRTT 7/8 * 100 + 1/8 * 180 = 110
        assertThat(e.rttvar).isEqualTo(57_500_000L);
        assertThat(e.srtt).isEqualTo(110 * MS);
        assertThat(e.rto()).isEqualTo(340 * MS);
        e.backOff();
        e.backOff();
        assertThat(e.rto()).isEqualTo(1360 * MS);
        e.sample(110 * MS);
        assertThat(e.backoff).as("a valid sample ends the back-off").isZero();
    }

    @Test
    void rtoIsClampedToItsFloorAndCeilingAndBacksOffNoFurther() {
        final RttEstimator e = new RttEstimator(1000 * MS, 200 * MS, 2000 * MS);
        e.sample(1 * MS);
        assertThat(e.rto()).isEqualTo(200 * MS);
        for (int i = 0; i < 40; i++) {
            e.backOff();
        }
        assertThat(e.rto()).isEqualTo(2000 * MS);
        assertThat(e.backoff).isEqualTo(4);
    }

    @Test
    void reassemblyMergesOverlapsAndHandsOverOnlyContiguousBytes() {
        final Reassembly r = new Reassembly();
        r.insert(10, new byte[] {10, 11, 12});
        r.insert(20, new byte[] {20, 21});
        r.insert(12, new byte[] {12, 13, 14}); // overlaps the first
        r.insert(15, new byte[] {15}); // touches it
        assertThat(r.ranges).hasSize(2);
        assertThat(r.ranges.get(10L)).containsExactly(10, 11, 12, 13, 14, 15);
        assertThat(r.takeFrom(5)).as("a gap before").isEmpty();
        r.insert(16, new byte[] {16, 17, 18, 19});
        assertThat(r.ranges).hasSize(1);
        assertThat(r.bytes()).isEqualTo(12);
        assertThat(r.takeFrom(13)).containsExactly(13, 14, 15, 16, 17, 18, 19, 20, 21);
        assertThat(r.empty()).isTrue();
        r.insert(30, new byte[] {1});
        assertThat(r.takeFrom(40)).as("wholly old ranges are discarded").isEmpty();
        assertThat(r.empty()).isTrue();
    }

    @Test
    void configValidatesAndComputesTheWindowShift() {
        assertThat(TcpConfig.DEFAULTS.windowShift()).isEqualTo(1);
        assertThat(TcpConfig.DEFAULTS.withReceiveBuffer(65535).windowShift()).isZero();
        assertThat(TcpConfig.DEFAULTS.withReceiveBuffer(1 << 20).windowShift()).isEqualTo(5);
        assertThat(TcpConfig.DEFAULTS.withWindowScaling(false).windowShift()).isZero();
        assertThatThrownBy(() -> TcpConfig.DEFAULTS.withMss(10)).hasMessageContaining("mss");
        assertThatThrownBy(() -> TcpConfig.DEFAULTS.withReceiveBuffer(10)).hasMessageContaining("receiveBuffer");
        assertThat(TcpConfig.DEFAULTS.forMtu(1500).mss()).as("Ethernet").isEqualTo(1460);
        assertThat(TcpConfig.DEFAULTS.forMtu(9000).mss()).as("jumbo frames").isEqualTo(8960);
        assertThat(TcpConfig.DEFAULTS.withMss(536).forMtu(1500).mss()).as("a smaller MSS stays").isEqualTo(536);
        assertThatThrownBy(() -> TcpConfig.DEFAULTS.withRto(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(2))).hasMessageContaining("exceeds maxRto");
        assertThatThrownBy(() -> TcpConfig.DEFAULTS.withTimeWait(Duration.ZERO)).hasMessageContaining("timeWait");
    }

    @Test
    void stateWithAConnectionSurvivesTheCheckpointCodec() {
        final TcpServer.State s = new TcpServer.State();
        final Connection c = new Connection();
        c.id = 1;
        c.state = TcpState.ESTABLISHED;
        c.snd.init(-5, TcpConfig.DEFAULTS.forMtu(1500));
        c.snd.buffer.append(new byte[] {1, 2, 3}, 0, 3);
        c.snd.cc.onTimeout(10_000, 0);
        c.rcv.outOfOrder.insert(7, new byte[] {9});
        c.retransmit.deadline = 123;
        s.connections.put(1, c);
        s.tuples.put(Demux.key(80, 42, 9), 1);
        final StateCodec codec = new StateCodec();
        final TcpServer.State back = codec.decode("a.tcp", codec.encode("a.tcp", s), TcpServer.State.class);
        final Connection d = back.connections.get(1);
        assertThat(d.snd.cc).isInstanceOf(NewReno.class);
        assertThat(d.snd.cc.cwnd()).isEqualTo(1460);
        assertThat(d.snd.cc.ssthresh()).isEqualTo(5000);
        assertThat(d.snd.buffer.getData()).containsExactly(1, 2, 3);
        assertThat(d.rcv.outOfOrder.ranges.get(7L)).containsExactly(9);
        assertThat(d.retransmit.deadline).isEqualTo(123);
        assertThat(d.snd.iss).isEqualTo(-5);
        assertThat(back.tuples).containsEntry(Demux.key(80, 42, 9), 1);
        assertThat(new String(codec.encode("a.tcp", back))).isEqualTo(new String(codec.encode("a.tcp", s)));
    }
}
