package dev.newt.bench;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One-way throughput of a message hop, in messages per second. Two busy threads in each benchmark:
 * the JMH thread is the producer; it pushes a batch of {@value Hop#THROUGHPUT_BATCH} messages
 * (spinning and retrying whenever the queue is full, never dropping) and then spins until the
 * consumer has counted all of them. The consumer is
 * <ul>
 *   <li>{@code runtime}: a {@code sink} server on the threaded executor with the {@code spin} idle
 *       strategy, fed by a {@link NewtClient} ({@code client.send("sink", ...)});</li>
 *   <li>{@code mpscArrayQueue}: a thread spinning on {@code poll()} of a JCTools
 *       {@link MpscArrayQueue}, the queue the runtime's mailbox is built on;</li>
 *   <li>{@code arrayBlockingQueue}: the same over {@link ArrayBlockingQueue} (non-blocking
 *       {@code offer}/{@code poll}, spinning).</li>
 * </ul>
 * Every queue holds {@value Hop#CAPACITY}. Each consumer counts a message the same way.
 * Forks run with a fixed, pre-touched 1 GB heap: on a VM the first touch of a heap page is a
 * costly fault that would penalise only the side that allocates (the runtime).
 */
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class HopThroughputBenchmark {

    /** Counts what it receives into a counter shared with the benchmark. */
    static final class Sink implements Server<Hop.NoState> {
        private final AtomicLong counted;

        Sink(final AtomicLong counted) {
            this.counted = counted;
        }

        @Override
        public Hop.NoState handle(final ServerContext ctx, final Hop.NoState state, final Envelope message) {
            Hop.count(counted);
            return state;
        }
    }

    /** The runtime with one sink server and a client to feed it. */
    @State(Scope.Benchmark)
    public static class RuntimeHop {
        final AtomicLong counted = new AtomicLong();
        NewtRuntime runtime;
        NewtClient client;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            runtime = NewtRuntime.builder().threaded("spin")
                .server(Hop.spec("sink", Hop.NoState.class, () -> new Sink(counted), Hop.NoState::new))
                .build();
            Hop.start(runtime);
            client = runtime.client("producer");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            final long handled = runtime.status("sink").handled();
            Hop.close(runtime);
            if (handled != sent || counted.get() != sent) {
                throw new IllegalStateException("sent " + sent + ", sink handled " + handled + ", counted " + counted);
            }
        }
    }

    /** A raw queue and a consumer thread spinning on it. */
    abstract static class RawHop {
        final AtomicLong counted = new AtomicLong();
        final Hop.Threads threads = new Hop.Threads();
        Queue<Object> queue;
        long sent;

        void start(final Queue<Object> q, final String name) {
            this.queue = q;
            threads.start(name + "-consumer", () -> {
                while (threads.running()) {
                    if (q.poll() == null) {
                        Thread.onSpinWait();
                    } else {
                        Hop.count(counted);
                    }
                }
            });
        }

        void stop() {
            threads.stop();
            if (counted.get() != sent) {
                throw new IllegalStateException("sent " + sent + ", counted " + counted);
            }
        }
    }

    /** JCTools MPSC array queue, one producer and one consumer. */
    @State(Scope.Benchmark)
    public static class MpscHop extends RawHop {
        @Setup(Level.Trial)
        public void setUp() {
            start(new MpscArrayQueue<>(Hop.CAPACITY), "mpsc");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }
    }

    /** {@link ArrayBlockingQueue}, one producer and one consumer. */
    @State(Scope.Benchmark)
    public static class AbqHop extends RawHop {
        @Setup(Level.Trial)
        public void setUp() {
            start(new ArrayBlockingQueue<>(Hop.CAPACITY), "abq");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(Hop.THROUGHPUT_BATCH)
    public void runtime(final RuntimeHop s) {
        final NewtClient client = s.client;
        for (int i = 0; i < Hop.THROUGHPUT_BATCH; i++) {
            while (!client.send("sink", Hop.PING)) {
                Thread.onSpinWait();
            }
        }
        s.sent += Hop.THROUGHPUT_BATCH;
        Hop.spinUntil(s.counted, s.sent, () -> s.runtime.statuses().toString());
    }

    @Benchmark
    @OperationsPerInvocation(Hop.THROUGHPUT_BATCH)
    public void mpscArrayQueue(final MpscHop s) {
        raw(s);
    }

    @Benchmark
    @OperationsPerInvocation(Hop.THROUGHPUT_BATCH)
    public void arrayBlockingQueue(final AbqHop s) {
        raw(s);
    }

    private static void raw(final RawHop s) {
        final Queue<Object> q = s.queue;
        for (int i = 0; i < Hop.THROUGHPUT_BATCH; i++) {
            while (!q.offer(Hop.PING)) {
                Thread.onSpinWait();
            }
        }
        s.sent += Hop.THROUGHPUT_BATCH;
        final Supplier<String> diagnosis = () -> "queue size " + q.size();
        Hop.spinUntil(s.counted, s.sent, diagnosis);
    }
}
