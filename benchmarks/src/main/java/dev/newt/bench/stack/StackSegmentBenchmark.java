package dev.newt.bench.stack;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One segment through both whole stacks, sock to sock: two hosts on a 9000-byte-MTU wire on the
 * simulated executor, a connection from a to b opened by the benchmark playing both applications;
 * an operation is a {@link StreamSend} of one MSS (8960 bytes) to a.sock and the
 * {@link StreamReceive}s at b.sock that take those bytes out, run until they have (so its share of
 * ACKs, window updates and checkpoints is in it). Every server of both hosts and the wire run on one
 * thread. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per segment
 * through sock, tcp, pf, ip, nic, the wire and back up on the other host.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class StackSegmentBenchmark {
    private static final int PORT = 5001;
    private static final int MSS = 8960;
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /**
     * {@code default}: every server as it ships (tcp and sock checkpoint+replay every 64 messages,
     * the other layers after every message); {@code none}: tcp and sock take no checkpoint but the
     * start one and recover fresh.
     */
    @Param({"default", "none"})
    public String checkpoints;

    private NewtRuntime rt;
    private NewtClient appA;
    private NewtClient appB;
    private int connA;
    private int connB;
    private long offset;
    private byte[] data;

    @Setup(Level.Trial)
    public void setUp() {
        final Topology.Builder tb = Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.mtu(MSS + 40));
        if ("none".equals(checkpoints)) {
            for (String s : new String[] {"a.tcp", "b.tcp", "a.sock", "b.sock"}) {
                tb.configure(s, spec -> spec.withCheckpoints(CheckpointPolicy.ON_REQUEST)
                    .withRecovery(RecoveryPolicy.FRESH));
            }
        }
        final Topology t = tb.build();
        rt = t.install(NewtRuntime.builder().seed(1).simulated()).build();
        rt.start();
        appA = rt.client("bench.app-a");
        appB = rt.client("bench.app-b");
        final CompletableFuture<Envelope> listen = appB.request("b.sock", new StreamListen(PORT, 4));
        rt.runUntil(listen::isDone, LIMIT);
        final int listener = ((StreamListening) listen.join().payload()).listenerId();
        final CompletableFuture<Envelope> accept = appB.request("b.sock", new StreamAccept(listener));
        final CompletableFuture<Envelope> connect = appA.request("a.sock",
            new StreamConnect(Ipv4Address.parse("10.0.0.2"), PORT, 0));
        rt.runUntil(() -> accept.isDone() && connect.isDone(), LIMIT);
        connA = ((StreamConnected) connect.join().payload()).connectionId();
        connB = ((StreamAccepted) accept.join().payload()).connectionId();
        data = new byte[MSS];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rt.close();
    }

    /** @return bytes received: one segment's */
    @Benchmark
    public int segmentSockToSock() {
        appA.request("a.sock", new StreamSend(connA, data, offset));
        offset += MSS;
        int got = 0;
        while (got < MSS) {
            final CompletableFuture<Envelope> r = appB.request("b.sock", new StreamReceive(connB, MSS - got));
            if (!rt.runUntil(r::isDone, LIMIT)) {
                throw new IllegalStateException("b.sock did not answer the receive");
            }
            final Object p = r.join().payload();
            if (!(p instanceof StreamData d)) {
                throw new IllegalStateException("receive failed: " + p);
            }
            got += d.data().length;
        }
        // Replies to the sends (StreamSent) are not awaited: drop them so the client's queue stays empty.
        while (appA.poll() != null) {
            // drained
        }
        return got;
    }
}
