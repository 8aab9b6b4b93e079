package dev.newt.net.ip;

import static dev.newt.net.ip.IpBench.IP;
import static dev.newt.net.ip.IpBench.PEER;
import static dev.newt.net.ip.IpBench.PEER_MAC;
import static dev.newt.net.ip.IpBench.US;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What survives a crash: the cache, the queues, and (re-armed from the state) the retry timers. */
class IpRestartTest {
    private static final Ipv4Address OTHER = Ipv4Address.parse("10.0.0.3");
    private static final MacAddress OTHER_MAC = MacAddress.parse("02:aa:00:00:00:03");

    /** The real ip server, plus a "crash" message that makes it throw, as a fault would. */
    static final class CrashableIp implements Server<IpServer.State> {
        private final IpServer ip = new IpServer(IpBench.HOST);

        @Override
        public IpServer.State onStart(final ServerContext ctx, final IpServer.State s, final StartReason reason) {
            return ip.onStart(ctx, s, reason);
        }

        @Override
        public IpServer.State handle(final ServerContext ctx, final IpServer.State s, final Envelope m) {
            if ("crash".equals(m.payload())) {
                throw new IllegalStateException("crash requested by the test");
            }
            return ip.handle(ctx, s, m);
        }

        @Override
        public Optional<String> audit(final IpServer.State s) {
            return ip.audit(s);
        }
    }

    private static IpBench crashable() {
        return new IpBench(ServerSpec.of(IP, IpServer.State.class, CrashableIp::new, IpServer.State::new));
    }

    private static IpOutbound udpTo(final Ipv4Address dst, final int marker) {
        return new IpOutbound(Ipv4Address.ANY, dst, IpProtocol.UDP, new byte[] {(byte) marker});
    }

    @Test
    void retryTimersAreRearmedAfterARestart() {
        try (IpBench b = crashable()) {
            final long start = b.rt.now();
            b.pf.send(IP, udpTo(PEER, 1));
            b.rt.runFor(Duration.ofMillis(1_500));
            assertThat(b.framesToNic()).hasSize(2); // the first request and the first retry
            b.pf.send(IP, "crash");
            final List<Long> requestTimes = new ArrayList<>();
            for (int step = 0; step < 60; step++) {
                b.rt.runFor(Duration.ofMillis(100));
                if (step == 0) {
                    assertThat(b.rt.status(IP).restarts()).isEqualTo(1);
                }
                for (final byte[] f : b.framesToNic()) {
                    assertThat(ArpPacket.decode(EthernetFrame.decode(f).value().payload()).value().targetIp())
                        .isEqualTo(PEER);
                    requestTimes.add(b.rt.now() - start);
                }
            }
            // Only the requests after the crash were collected: the retries at 2 s and 3 s.
            assertThat(requestTimes).hasSize(2);
            assertThat(requestTimes.get(0)).isBetween(2_000_000_000L, 2_100_000_000L);
            assertThat(requestTimes.get(1)).isBetween(3_000_000_000L, 3_100_000_000L);
            assertThat(b.stats().get(IpCounters.ARP_REQUESTS_OUT)).isEqualTo(4);
            assertThat(b.stats().get(IpCounters.ARP_UNRESOLVED)).isEqualTo(1);
            assertThat(b.stats().get(IpCounters.ARP_PENDING)).isZero();
        }
    }

    @Test
    void resolutionStartedDuringAReplayStillRetriesAndGivesUp() {
        // Checkpoint only at start, so the restart replays the IpOutbound; timers the replay sets
        // are suppressed, and ip must arm them once the replay is over.
        final ServerSpec<IpServer.State> spec = ServerSpec.of(IP, IpServer.State.class, CrashableIp::new,
                IpServer.State::new)
            .withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY).withCheckpoints(CheckpointPolicy.ON_REQUEST);
        try (IpBench b = new IpBench(spec)) {
            b.pf.send(IP, udpTo(PEER, 1));
            b.rt.runFor(Duration.ofMillis(300));
            assertThat(b.framesToNic()).hasSize(1);
            b.pf.send(IP, "crash");
            b.rt.runFor(Duration.ofMillis(10));
            assertThat(b.rt.status(IP).restarts()).isEqualTo(1);
            assertThat(b.stats().get(IpCounters.ARP_PENDING)).isEqualTo(1); // rebuilt by the replay
            b.rt.runFor(Duration.ofSeconds(6));
            assertThat(b.framesToNic()).hasSize(3); // the retries
            final Stats st = b.stats();
            assertThat(st.get(IpCounters.ARP_REQUESTS_OUT)).isEqualTo(4);
            assertThat(st.get(IpCounters.ARP_UNRESOLVED)).isEqualTo(1);
            assertThat(st.get(IpCounters.ARP_PENDING)).isZero();
        }
    }

    @Test
    void cacheAndQueuesSurviveARestart() {
        try (IpBench b = crashable()) {
            b.primeArp(PEER, PEER_MAC);
            b.pf.send(IP, udpTo(OTHER, 7));
            b.settle();
            assertThat(b.framesToNic()).hasSize(1); // the request for OTHER
            b.pf.send(IP, "crash");
            b.rt.runFor(Duration.ofMillis(10)); // past the 1 ms restart back-off
            assertThat(b.rt.status(IP).restarts()).isEqualTo(1);

            b.pf.send(IP, udpTo(PEER, 8)); // no ARP needed: the entry was restored
            b.fromWire(IpBench.arpReplyFrame(OTHER_MAC, OTHER)); // releases the restored queue
            b.settle();
            final List<byte[]> out = b.framesToNic();
            assertThat(out).hasSize(2);
            final EthernetFrame toPeer = EthernetFrame.decode(out.get(0)).value();
            final EthernetFrame toOther = EthernetFrame.decode(out.get(1)).value();
            assertThat(toPeer.destination()).isEqualTo(PEER_MAC);
            assertThat(toOther.destination()).isEqualTo(OTHER_MAC);
            assertThat(toOther.etherType()).isEqualTo(EtherType.IPV4);
            assertThat(IpBench.bytes(Ipv4Packet.decode(toOther.payload()).value().payload())).containsExactly(7);
        }
    }

    @Test
    void checkpointHoldsCacheQueueAndCounters() {
        try (IpBench b = new IpBench()) {
            b.primeArp(PEER, PEER_MAC);
            b.pf.send(IP, udpTo(OTHER, 9));
            b.settle();
            final IpServer.State s = b.rt.checkpointedState(IP, IpServer.State.class);
            assertThat(s.arpCache).containsOnlyKeys(PEER.bits());
            assertThat(s.arpCache.get(PEER.bits()).mac).isEqualTo(PEER_MAC.bits());
            assertThat(s.arpPending).containsOnlyKeys(OTHER.bits());
            final List<byte[]> queue = s.arpPending.get(OTHER.bits()).queue;
            assertThat(queue).hasSize(1);
            final Ipv4Packet queued = Ipv4Packet.decode(queue.get(0)).value();
            assertThat(queued.source()).isEqualTo(US);
            assertThat(queued.destination()).isEqualTo(OTHER);
            assertThat(IpBench.bytes(queued.payload())).containsExactly(9);
            assertThat(s.counter(IpCounters.ARP_REQUESTS_IN)).isEqualTo(1);
            assertThat(s.nextIdentification).isEqualTo(1);
        }
    }
}
