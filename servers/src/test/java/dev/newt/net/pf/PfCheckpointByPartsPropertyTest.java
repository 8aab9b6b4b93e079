package dev.newt.net.pf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.StateCodec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.UdpDatagram;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pf checkpointed by parts keeps the state a whole-state checkpoint would: random histories of
 * flows (opened outbound and inbound, refreshed by packets both ways, blocked packets, flows
 * expiring on a packet or a sweep, a table that overflows), and at random points the latest
 * checkpoint, rebuilt from its base and deltas, must encode to the same bytes as pf's live state
 * under the runtime's whole-state codec. With checkpoints after every message; and with pf's default
 * policy, whose checkpoints wait through packets that only refresh flows (minor changes): the
 * parts they marked must all be in the checkpoint that a flow's creation then takes.
 */
class PfCheckpointByPartsPropertyTest {
    private static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    private static final Ipv4Address A = HOST.address();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void partsRestoreTheWholeState(final long seed) {
        check(seed, true);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void partsMarkedByMinorChangesReachTheNextCheckpoint(final long seed) {
        check(seed, false);
    }

    private static void check(final long seed, final boolean everyMessage) {
        final SplittableRandom r = new SplittableRandom(seed);
        final PfRules rules = PfRules.of(PfAction.DENY, "allow out udp", "allow in udp to 10.0.0.1 port 7",
                "allow in udp from 10.0.0.0/28 to 10.0.0.1 port 9")
            .withIdleTimeout(Duration.ofMillis(400)).withMaxFlows(300);
        final StateCodec codec = new StateCodec();
        try (NewtRuntime rt = NewtRuntime.builder().seed(seed)
            .server(everyMessage ? PfServer.spec(HOST, rules).withCheckpoints(CheckpointPolicy.EVERY_MESSAGE)
                : PfServer.spec(HOST, rules)).build()) {
            rt.start();
            final NewtClient ip = rt.client("a.ip");
            final NewtClient udp = rt.client("a.udp");
            int compared = 0;
            int deltas = 0;
            for (int step = 0; step < 400; step++) {
                final Ipv4Address peer = Ipv4Address.parse("10.0.0." + (2 + r.nextInt(40)));
                final int peerPort = 1000 + r.nextInt(r.nextInt(10) == 0 ? 400 : 20);
                final int localPort = r.nextInt(3) == 0 ? 7 + 2 * r.nextInt(2) : 40000 + r.nextInt(30);
                final int n = 1 + r.nextInt(r.nextInt(8) == 0 ? 60 : 4);
                for (int i = 0; i < n; i++) {
                    if (r.nextBoolean()) {
                        final byte[] seg = UdpDatagram.of(localPort, peerPort + i, new byte[8]).encode(A, peer);
                        udp.send("a.pf", new IpOutbound(A, peer, IpProtocol.UDP, seg));
                    } else {
                        final byte[] seg = UdpDatagram.of(peerPort + i, localPort, new byte[8]).encode(peer, A);
                        final byte[] packet = Ipv4Packet.of(peer, A, IpProtocol.UDP, 1, 64, ByteBuffer.wrap(seg)).encode();
                        ip.send("a.pf", new IpInbound(peer, A, IpProtocol.UDP, packet, 20));
                    }
                }
                rt.runFor(Duration.ofMillis(r.nextInt(10) == 0 ? 500 : 1 + r.nextInt(40)));
                while (ip.poll() != null || udp.poll() != null) {
                    // drained: pf's output is not what this test checks
                }
                if (r.nextInt(3) == 0) {
                    if (!everyMessage) {
                        // A new flow (a port no other step uses) is a change: pf checkpoints now.
                        final byte[] seg = UdpDatagram.of(50000 + step, 9, new byte[8]).encode(A, Ipv4Address.parse("10.0.0.99"));
                        udp.send("a.pf", new IpOutbound(A, Ipv4Address.parse("10.0.0.99"), IpProtocol.UDP, seg));
                        rt.runFor(Duration.ofMillis(1));
                        while (ip.poll() != null) {
                            // drained
                        }
                    }
                    final Checkpoint cp = rt.store().latest("a.pf").orElseThrow();
                    assertThat(cp.byParts()).isTrue();
                    deltas += cp.parts().deltas() > 0 ? 1 : 0;
                    final byte[] restored = codec.encode("a.pf", rt.checkpointedState("a.pf", PfServer.State.class));
                    final byte[] live = rt.snapshotState("a.pf");
                    assertThat(HexFormat.of().formatHex(restored))
                        .as("seed %d step %d: restored from base + %d deltas", seed, step, cp.parts().deltas())
                        .isEqualTo(HexFormat.of().formatHex(live));
                    assertThat(rt.encodedCheckpoint("a.pf").orElseThrow()).isEqualTo(live);
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(100);
            assertThat(deltas).as("comparisons of a checkpoint with deltas over its base").isGreaterThan(20);
        }
    }
}
