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
 * Round-trip latency of a request and its reply (ping-pong), in nanoseconds per round trip,
 * averaged over batches of {@value Hop#ROUND_TRIP_BATCH} round trips with one request in flight.
 * Two busy threads in each benchmark, the pinger and the ponger, both spinning; the JMH thread
 * only starts a batch and parks until the pinger unparks it at the end of the batch, so it is
 * not a third busy thread. The two sides are
 * <ul>
 *   <li>{@code runtime}: servers {@code pinger} and {@code ponger} on the threaded executor with the
 *       {@code spin} idle strategy; the pinger sends {@code ctx.request("ponger", ...)}, the ponger
 *       answers with {@code ctx.reply(...)}, the pinger sends the next request when the reply
 *       arrives. The JMH thread starts a batch with one {@code client.send("pinger", go)};</li>
 *   <li>{@code mpscArrayQueue}: two threads and two JCTools {@link MpscArrayQueue}s, one per
 *       direction, each consumer spinning on {@code poll()};</li>
 *   <li>{@code arrayBlockingQueue}: the same over two {@link ArrayBlockingQueue}s.</li>
 * </ul>
 * Every queue holds {@value Hop#CAPACITY}.
 * Forks run with a fixed, pre-touched 1 GB heap: on a VM the first touch of a heap page is a
 * costly fault that would penalise only the side that allocates (the runtime).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class HopRoundTripBenchmark {

    /** Starts a batch: make round trips until {@code total} have been made since the start. */
    record Go(long total) {
    }

    /** The pinger's state: the batch it works on. */
    public static final class PingState {
        long target;
        long done;
    }

    /** Makes round trips to the ponger, one at a time, and signals the end of each batch. */
    static final class Pinger implements Server<PingState> {
        private final Hop.BatchSignal signal;

        Pinger(final Hop.BatchSignal signal) {
            this.signal = signal;
        }

        @Override
        public PingState handle(final ServerContext ctx, final PingState state, final Envelope message) {
            switch (message.kind()) {
                case MESSAGE -> {
                    state.target = message.payload(Go.class).total();
                    ping(ctx);
                }
                case REPLY -> {
                    if (++state.done < state.target) {
                        ping(ctx);
                    } else {
                        signal.complete(state.done);
                    }
                }
                default -> throw new IllegalStateException("unexpected " + message);
            }
            return state;
        }

        private static void ping(final ServerContext ctx) {
            while (ctx.request("ponger", Hop.PING).isEmpty()) {
                Thread.onSpinWait();
            }
        }
    }

    /** Answers every request. */
    static final class Ponger implements Server<Hop.NoState> {
        @Override
        public Hop.NoState handle(final ServerContext ctx, final Hop.NoState state, final Envelope message) {
            ctx.reply(message, Hop.PONG);
            return state;
        }
    }

    /** The runtime with the two servers and a client that starts batches. */
    @State(Scope.Benchmark)
    public static class RuntimeRoundTrip {
        final Hop.BatchSignal signal = new Hop.BatchSignal();
        NewtRuntime runtime;
        NewtClient client;
        long total;

        @Setup(Level.Trial)
        public void setUp() {
            runtime = NewtRuntime.builder().threaded("spin")
                .server(Hop.spec("pinger", PingState.class, () -> new Pinger(signal), PingState::new))
                .server(Hop.spec("ponger", Hop.NoState.class, Ponger::new, Hop.NoState::new))
                .build();
            Hop.start(runtime);
            client = runtime.client("bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            final long handled = runtime.status("ponger").handled();
            Hop.close(runtime);
            if (handled != total || signal.completed() != total) {
                throw new IllegalStateException("asked for " + total + " round trips, ponger handled " + handled
                    + ", completed " + signal.completed());
            }
        }
    }

    /** Two raw queues, a pinger thread and a ponger thread, both spinning. */
    abstract static class RawRoundTrip {
        final Hop.BatchSignal signal = new Hop.BatchSignal();
        final Hop.Threads threads = new Hop.Threads();
        final AtomicLong requested = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        long total;

        void start(final Queue<Object> pings, final Queue<Object> pongs, final String name) {
            threads.start(name + "-ponger", () -> {
                while (threads.running()) {
                    if (pings.poll() == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    while (!pongs.offer(Hop.PONG)) {
                        Thread.onSpinWait();
                    }
                    Hop.count(answered);
                }
            });
            threads.start(name + "-pinger", () -> {
                long done = 0;
                while (threads.running()) {
                    final long target = requested.get();
                    if (done == target) {
                        Thread.onSpinWait();
                        continue;
                    }
                    while (done < target) {
                        while (!pings.offer(Hop.PING)) {
                            Thread.onSpinWait();
                        }
                        while (pongs.poll() == null) {
                            if (!threads.running()) {
                                return;
                            }
                            Thread.onSpinWait();
                        }
                        done++;
                    }
                    signal.complete(done);
                }
            });
        }

        void stop() {
            threads.stop();
            if (answered.get() != total || signal.completed() != total) {
                throw new IllegalStateException("asked for " + total + " round trips, answered " + answered
                    + ", completed " + signal.completed());
            }
        }
    }

    /** Two JCTools MPSC array queues. */
    @State(Scope.Benchmark)
    public static class MpscRoundTrip extends RawRoundTrip {
        @Setup(Level.Trial)
        public void setUp() {
            start(new MpscArrayQueue<>(Hop.CAPACITY), new MpscArrayQueue<>(Hop.CAPACITY), "mpsc");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }
    }

    /** Two {@link ArrayBlockingQueue}s. */
    @State(Scope.Benchmark)
    public static class AbqRoundTrip extends RawRoundTrip {
        @Setup(Level.Trial)
        public void setUp() {
            start(new ArrayBlockingQueue<>(Hop.CAPACITY), new ArrayBlockingQueue<>(Hop.CAPACITY), "abq");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(Hop.ROUND_TRIP_BATCH)
    public void runtime(final RuntimeRoundTrip s) {
        s.total += Hop.ROUND_TRIP_BATCH;
        final Go go = new Go(s.total);
        while (!s.client.send("pinger", go)) {
            Thread.onSpinWait();
        }
        s.signal.await(s.total, () -> s.runtime.statuses().toString());
    }

    @Benchmark
    @OperationsPerInvocation(Hop.ROUND_TRIP_BATCH)
    public void mpscArrayQueue(final MpscRoundTrip s) {
        raw(s);
    }

    @Benchmark
    @OperationsPerInvocation(Hop.ROUND_TRIP_BATCH)
    public void arrayBlockingQueue(final AbqRoundTrip s) {
        raw(s);
    }

    private static void raw(final RawRoundTrip s) {
        s.total += Hop.ROUND_TRIP_BATCH;
        s.requested.set(s.total);
        s.signal.await(s.total, () -> "answered " + s.answered.get());
    }
}
