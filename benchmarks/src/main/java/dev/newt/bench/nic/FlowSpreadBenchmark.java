package dev.newt.bench.nic;

import dev.newt.net.nic.FlowHash;
import dev.newt.net.wire.PacketBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What spreading costs the nic per received frame (issue 22): {@link #nicChoice} is the nic's
 * choice of the ip to hand a frame to, as {@code NicServer} makes it: with one replica nothing to
 * compute, with several the frame's 4-tuple read and hashed ({@link FlowHash#replicaOf});
 * {@link #replicaOfFrame} reads and hashes whatever the count, {@link #replicaOfTuple} is the bare
 * hash of a tuple. 1,024
 * distinct frames, cycled, so that the branch predictor does not learn one. Nanoseconds per frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlowSpreadBenchmark {
    private static final int FRAMES = 1024;

    /** Replicas of the host's stack; 1 is today's nic. */
    @Param({"1", "4"})
    public int replicas;

    private PacketBuffer[] frames;
    private int[] ports;
    private int next;

    @Setup
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(22);
        frames = new PacketBuffer[FRAMES];
        ports = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            ports[i] = 49152 + random.nextInt(16384);
            frames[i] = PacketBuffer.wrap(frame(ports[i]));
        }
    }

    /** @return the replica the nic hands the next frame to */
    @Benchmark
    public int nicChoice() {
        final PacketBuffer f = frames[next++ & (FRAMES - 1)];
        return replicas == 1 ? 0 : FlowHash.replicaOf(f, replicas);
    }

    /** @return the replica the next frame goes to */
    @Benchmark
    public int replicaOfFrame() {
        final PacketBuffer f = frames[next++ & (FRAMES - 1)];
        return FlowHash.replicaOf(f, replicas);
    }

    /** @return the replica of the next tuple, no frame to read */
    @Benchmark
    public int replicaOfTuple() {
        final int port = ports[next++ & (FRAMES - 1)];
        return FlowHash.replica(0x0A00_0002, port, 0x0A00_0001, 80, replicas);
    }

    /** A 54-byte Ethernet frame: IPv4 from 10.0.0.2:{@code port} to 10.0.0.1:80, TCP. */
    private static byte[] frame(final int port) {
        final byte[] f = new byte[54];
        f[12] = 0x08;
        f[14] = 0x45;
        f[23] = 6;
        f[26] = 10;
        f[29] = 2;
        f[30] = 10;
        f[33] = 1;
        f[34] = (byte) (port >>> 8);
        f[35] = (byte) port;
        f[37] = 80;
        return f;
    }
}
