package dev.newt.bench.tcp;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.store.PartCodec;
import dev.newt.core.store.PartLog;
import dev.newt.core.store.StateCodec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.tcp.Connection;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.topology.Topology;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one checkpoint of a tcp costs against how many connections it holds: {@code connections}
 * established connections (opened through the real stack on the simulated executor, then idle)
 * and one busy one whose send buffer holds 64 KB and receive buffer 16 KB (tcp's buffers in a bulk
 * transfer). {@code whole}: the runtime codec's encoding of the whole state, what every checkpoint
 * cost before issue 15; {@code byParts}: what a checkpoint costs now when only the busy connection
 * was reached since the last one (tcp's root, the busy connection's part, the delta appended to the
 * part log).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TcpCheckpointBenchmark {
    /** Idle connections besides the busy one. */
    @Param({"1", "100", "1000"})
    public int connections;

    private final StateCodec codec = new StateCodec();
    private PartCodec<TcpServer.State> parts;
    private TcpServer.State state;
    private long busy;
    private PartLog log;

    /** Opens the connections through two hosts' stacks and takes host a's tcp state. */
    @Setup(Level.Trial)
    public void setUp() {
        state = stateWith(connections + 1);
        if (state.connections.size() != connections + 1) {
            throw new IllegalStateException("opened " + state.connections.size() + " of " + (connections + 1));
        }
        final Connection c = state.connections.lastEntry().getValue();
        c.snd.buffer.append(new byte[64 * 1024], 0, 64 * 1024);
        c.rcv.buffer.append(new byte[16 * 1024], 0, 16 * 1024);
        busy = c.id;
        final HostConfig a = HostConfig.of("a", "10.0.0.1/24", "lan");
        parts = TcpServer.spec(a).partCodec();
        final Map<Long, byte[]> all = new HashMap<>();
        for (long k : parts.partKeys(state)) {
            all.put(k, parts.encodePart(state, k));
        }
        log = PartLog.base(all);
    }

    /** @param n connections @return host a's tcp state with {@code n} established connections to b */
    static TcpServer.State stateWith(final int n) {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)))
            .build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(1)).build()) {
            rt.start();
            final NewtClient a = rt.client("a.app");
            final NewtClient b = rt.client("b.app");
            final var listening = b.request("b.tcp", new StreamListen(80, 128));
            rt.runUntil(listening::isDone, Duration.ofSeconds(1));
            final int l = ((StreamListening) listening.join().payload()).listenerId();
            for (int i = 0; i < n; i++) {
                b.request("b.tcp", new StreamAccept(l));
                final var c = a.request("a.tcp", new StreamConnect(t.host("b").address(), 80, 0));
                rt.runUntil(c::isDone, Duration.ofSeconds(5));
            }
            rt.runFor(Duration.ofMillis(100));
            return rt.codec().decode("a.tcp", rt.snapshotState("a.tcp"), TcpServer.State.class);
        }
    }

    /** @return the whole state encoded, as every checkpoint did before */
    @Benchmark
    public byte[] whole() {
        return codec.encode("a.tcp", state);
    }

    /** @return the checkpoint by parts after a message that reached the busy connection only */
    @Benchmark
    public PartLog byParts() {
        final byte[] root = parts.encodeRoot(state);
        final Map<Long, byte[]> delta = new HashMap<>(4);
        delta.put(busy, parts.encodePart(state, busy));
        log = log.append(delta);
        return root.length > 0 ? log : null;
    }
}
