package dev.newt.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.StateCodec;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamShutdown;
import dev.newt.net.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints by parts ({@link TcpParts}) restore exactly the state a whole-state checkpoint
 * holds: two tcps checkpoint after every message while a seeded random history of connection
 * events runs between them (opens, data both ways, receives, shutdowns, closes and aborts, time for
 * ACKs, retransmissions over a lossy wire and TIME_WAIT expiry); at random points each tcp's
 * latest checkpoint, rebuilt from its base and deltas, must encode to the same bytes as its live
 * state under the runtime's whole-state codec.
 */
class TcpCheckpointByPartsPropertyTest {
    private static final int PORT = 7000;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void restoredPartsEqualTheLiveState(final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).loss(0.02))
            .configure("a.tcp", s -> s.withCheckpoints(CheckpointPolicy.EVERY_MESSAGE))
            .configure("b.tcp", s -> s.withCheckpoints(CheckpointPolicy.EVERY_MESSAGE))
            .build();
        final StateCodec codec = new StateCodec();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(seed)).build()) {
            rt.start();
            final NewtClient a = rt.client("a.app");
            final NewtClient b = rt.client("b.app");
            b.request("b.tcp", new StreamListen(PORT, 64));
            rt.runFor(Duration.ofMillis(5));
            final int listener = rt.checkpointedState("b.tcp", TcpServer.State.class).listeners.firstKey();
            int compared = 0;
            int deltas = 0;
            for (int step = 0; step < 250; step++) {
                final List<Integer> aIds = ids(rt, "a.tcp");
                final List<Integer> bIds = ids(rt, "b.tcp");
                final int what = r.nextInt(100);
                if (what < 12 || aIds.isEmpty()) {
                    a.request("a.tcp", new StreamConnect(t.host("b").address(), PORT, 0));
                    b.request("b.tcp", new StreamAccept(listener));
                } else if (what < 45) {
                    final boolean fromA = r.nextBoolean() || bIds.isEmpty();
                    final int id = pick(r, fromA ? aIds : bIds);
                    final byte[] data = new byte[1 + r.nextInt(fromA ? 30_000 : 3_000)];
                    r.nextBytes(data);
                    (fromA ? a : b).request(fromA ? "a.tcp" : "b.tcp", new StreamSend(id, data));
                } else if (what < 70) {
                    final boolean atA = r.nextBoolean() || bIds.isEmpty();
                    final int id = pick(r, atA ? aIds : bIds);
                    (atA ? a : b).request(atA ? "a.tcp" : "b.tcp", new StreamReceive(id, 1 + r.nextInt(40_000)));
                } else if (what < 76) {
                    a.request("a.tcp", new StreamShutdown(pick(r, aIds)));
                } else if (what < 84) {
                    final boolean atA = r.nextBoolean() || bIds.isEmpty();
                    final int id = pick(r, atA ? aIds : bIds);
                    (atA ? a : b).request(atA ? "a.tcp" : "b.tcp", new StreamClose(id, r.nextInt(4) == 0));
                }
                rt.runFor(Duration.ofMillis(r.nextInt(10) == 0 ? 1_500 : 1 + r.nextInt(60)));
                if (r.nextInt(3) == 0) {
                    for (String tcp : List.of("a.tcp", "b.tcp")) {
                        final Checkpoint cp = rt.store().latest(tcp).orElseThrow();
                        assertThat(cp.byParts()).isTrue();
                        deltas += cp.parts().deltas() > 0 ? 1 : 0;
                        final byte[] restored = codec.encode(tcp, rt.checkpointedState(tcp, TcpServer.State.class));
                        final byte[] live = rt.snapshotState(tcp);
                        assertThat(HexFormat.of().formatHex(restored))
                            .as("seed %d step %d: %s restored from base + %d deltas", seed, step, tcp,
                                cp.parts().deltas())
                            .isEqualTo(HexFormat.of().formatHex(live));
                        assertThat(rt.encodedCheckpoint(tcp).orElseThrow()).isEqualTo(live);
                        compared++;
                    }
                }
            }
            assertThat(compared).isGreaterThan(100);
            assertThat(deltas).as("comparisons of a checkpoint with deltas over its base").isGreaterThan(20);
        }
    }

    private static List<Integer> ids(final NewtRuntime rt, final String tcp) {
        return new ArrayList<>(rt.checkpointedState(tcp, TcpServer.State.class).connections.keySet());
    }

    private static int pick(final SplittableRandom r, final List<Integer> ids) {
        return ids.isEmpty() ? 1 : ids.get(r.nextInt(ids.size()));
    }
}
