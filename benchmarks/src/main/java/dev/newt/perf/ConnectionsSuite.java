package dev.newt.perf;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.StateCodec;
import dev.newt.net.api.NewtSocket;
import dev.newt.net.app.AppSpecs;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.tcp.Connection;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamPattern;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.core.event.EventKinds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What a connection costs today: host a opens N idle connections to an echo server on host b
 * (the accept path: microseconds per connection, opened one after another), then a.tcp's latest
 * checkpoint is decoded and encoded again with the runtime's codec (its size, and the time the
 * codec takes for it), then one busy connection carries a bulk transfer beside the N idle ones
 * (its throughput, and the largest a.tcp checkpoint seen meanwhile), then the N connections are
 * closed and the checkpoint measured again while they sit in TIME_WAIT. Threaded executor, the
 * stack suite's large-MTU wire.
 */
final class ConnectionsSuite {
    private static final int ECHO = 7;
    private static final int BULK = 5001;
    private static final long SEED = 17;
    private static final int ENCODES = 20;
    private static final AtomicInteger NUDGES = new AtomicInteger();

    private ConnectionsSuite() {
    }

    /**
     * @param sizes     idle connection counts
     * @param busyBytes bytes of the busy connection's transfer
     * @param progress  where a line per count goes
     * @return per count: connect time, checkpoint size and encode time (idle and TIME_WAIT), and the
     *         busy connection's throughput
     */
    static List<Figure> run(final int[] sizes, final long busyBytes, final PrintStream progress) {
        final List<Figure> out = new ArrayList<>();
        // A cold JVM's first connections and transfer measure the JIT: one discarded pass first.
        progress.println("  warm-up:");
        once(10, Math.min(busyBytes, 4_000_000L), progress);
        for (int n : sizes) {
            out.addAll(once(n, busyBytes, progress));
        }
        return out;
    }

    private static List<Figure> once(final int n, final long busyBytes, final PrintStream progress) {
        final Topology t = NewtBulk.twoHosts(StackSuite.MTU).build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(SEED).threaded("backoff"))
            .server(AppSpecs.echo(t.host("b"), ECHO))
            .server(StreamWorkloadSpecs.bulkReceiver(t.host("b"), BULK, busyBytes, SEED)).build()) {
            rt.start();
            final NewtClient client = rt.client("bench.sockets");
            awaitListening(client, t.host("b").address());
            final List<NewtSocket> idle = new ArrayList<>();
            final long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                idle.add(NewtSocket.connect(client, "a", t.host("b").address(), ECHO, Duration.ofSeconds(10)));
            }
            final double connectUs = (System.nanoTime() - t0) / 1e3 / n;
            final Snapshot open = snapshot(rt);
            final AtomicBoolean sampling = new AtomicBoolean(true);
            final AtomicInteger largest = new AtomicInteger();
            final Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    rt.store().latest("a.tcp").ifPresent(c -> largest.accumulateAndGet(c.size(), Math::max));
                    Thread.onSpinWait();
                    LockSupport.parkNanos(200_000L);
                }
            }, "bench-checkpoint-sampler");
            sampler.setDaemon(true);
            sampler.start();
            final double busyMbps;
            try (NewtSocket busy = NewtSocket.connect(client, "a", t.host("b").address(), BULK,
                Duration.ofSeconds(10))) {
                busyMbps = send(rt, busy, busyBytes);
            } finally {
                sampling.set(false);
                sampler.join(5000);
            }
            idle.forEach(NewtSocket::close);
            final Snapshot closing = snapshot(rt);
            progress.printf("  %5d idle: connect %.0f us each; checkpoint %s; busy %.1f MB/s (largest a.tcp"
                + " checkpoint meanwhile %d KB); after close: %s%n", n, connectUs, open, busyMbps,
                largest.get() / 1024, closing);
            final String k = n + " idle";
            return List.of(
                one("connect, " + k, connectUs, "us"),
                one("tcp checkpoint, " + k, open.bytes / 1024.0, "KB"),
                one("tcp checkpoint encode, " + k, open.encodeUs, "us"),
                one("tcp checkpoint decode, " + k, open.decodeUs, "us"),
                one("bulk beside " + k, busyMbps, "MB/s"),
                one("largest tcp checkpoint in bulk, " + k, largest.get() / 1024.0, "KB"),
                one("tcp checkpoint, " + k + " closed (TIME_WAIT " + closing.timeWait + ")", closing.bytes / 1024.0,
                    "KB"),
                one("tcp checkpoint encode, " + k + " closed", closing.encodeUs, "us"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the connections", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until b's echo server listens (it starts with the runtime), then until the probe
     * connection's TIME_WAIT (1 s) is over, so that neither is measured.
     */
    private static void awaitListening(final NewtClient client, final Ipv4Address b) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                NewtSocket.connect(client, "a", b, ECHO, Duration.ofSeconds(10)).close();
                break;
            } catch (java.net.ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }
        LockSupport.parkNanos(TcpConfig.DEFAULTS.timeWait().toNanos() + 500_000_000L);
    }

    private static Figure one(final String metric, final double v, final String unit) {
        return Figure.of("connections", metric, new double[] {v}, unit, "");
    }

    /** Sends the seeded pattern with four 16 KB sends outstanding; @return MB/s as the receiver timed it */
    private static double send(final NewtRuntime rt, final NewtSocket s, final long bytes) throws IOException {
        final Deque<CompletableFuture<Integer>> outstanding = new ArrayDeque<>();
        final int chunk = StreamWorkloadSpecs.BULK_CHUNK;
        try {
            for (long off = 0; off < bytes; off += chunk) {
                final byte[] b = new byte[(int) Math.min(chunk, bytes - off)];
                StreamPattern.fill(SEED, off, b, 0, b.length);
                if (outstanding.size() == StreamWorkloadSpecs.BULK_OUTSTANDING) {
                    outstanding.poll().get(30, TimeUnit.SECONDS);
                }
                outstanding.add(s.sendAsync(b));
            }
            for (CompletableFuture<Integer> f : outstanding) {
                f.get(30, TimeUnit.SECONDS);
            }
            s.shutdownOutput();
            final Event done = rt.events().await(e -> e instanceof CustomEvent c
                && c.kind().equals(EventKinds.WORKLOAD_SUMMARY) && c.server().equals("b.app.bulk-receiver"),
                Duration.ofSeconds(60));
            final Map<String, Object> f = ((CustomEvent) done).fields();
            if (((Number) f.get("bytesCorrupted")).longValue() != 0
                || ((Number) f.get("bytesReceived")).longValue() != bytes) {
                throw new IllegalStateException("busy connection's transfer not intact: " + f);
            }
            return bytes * 1e3 / ((Number) f.get("elapsedNanos")).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("busy connection's transfer failed", e);
        }
    }

    /**
     * a.tcp's latest checkpoint, measured.
     *
     * @param bytes       its size
     * @param connections connections in it
     * @param timeWait    of them in TIME_WAIT
     * @param encodeUs    median time to encode the decoded state again
     * @param decodeUs    median time to decode it
     */
    private record Snapshot(int bytes, int connections, long timeWait, double encodeUs, double decodeUs) {
        @Override
        public String toString() {
            return String.format("%d KB, %d connections (%d TIME_WAIT), encode %.0f us, decode %.0f us", bytes / 1024,
                connections, timeWait, encodeUs, decodeUs);
        }
    }

    /**
     * Makes a.tcp checkpoint now: it checkpoints every 64 messages, so 64 stats queries answered
     * mean its latest checkpoint holds its current connections.
     */
    private static void checkpointNow(final NewtRuntime rt) {
        final NewtClient c = rt.client("bench.nudge-" + NUDGES.incrementAndGet());
        final List<CompletableFuture<?>> replies = new ArrayList<>();
        for (int i = 0; i < TcpServer.CHECKPOINT_EVERY; i++) {
            replies.add(c.request("a.tcp", new StatsQuery()));
        }
        try {
            CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a.tcp did not answer its stats queries", e);
        }
    }

    private static Snapshot snapshot(final NewtRuntime rt) {
        checkpointNow(rt);
        final Checkpoint c = rt.store().latest("a.tcp").orElseThrow();
        final StateCodec codec = rt.codec();
        final double[] enc = new double[ENCODES];
        final double[] dec = new double[ENCODES];
        TcpServer.State s = null;
        for (int i = -ENCODES / 2; i < ENCODES; i++) {
            final long a = System.nanoTime();
            s = codec.decode("a.tcp", c.state(), TcpServer.State.class);
            final long b = System.nanoTime();
            codec.encode("a.tcp", s);
            final long e = System.nanoTime();
            if (i >= 0) {
                dec[i] = (b - a) / 1e3;
                enc[i] = (e - b) / 1e3;
            }
        }
        final Map<String, Long> states = new TreeMap<>();
        for (Connection conn : s.connections.values()) {
            states.merge(String.valueOf(conn.state), 1L, Long::sum);
        }
        return new Snapshot(c.size(), s.connections.size(), states.getOrDefault("TIME_WAIT", 0L),
            Samples.median(enc), Samples.median(dec));
    }
}
