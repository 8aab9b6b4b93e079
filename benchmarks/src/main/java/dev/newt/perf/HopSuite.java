package dev.newt.perf;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.NoState;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jctools.queues.MpscArrayQueue;

/**
 * Round trip of one request and its reply, one in flight: the runtime (servers {@code pinger} and
 * {@code ponger} on the threaded executor, spinning) against the raw queue the runtime's mailbox
 * is made of (two JCTools MPSC queues and two spinning threads) and {@link ArrayBlockingQueue}.
 * Nanoseconds per round trip, in interleaved rounds; the same method as the JMH
 * {@code HopRoundTripBenchmark}, without JMH.
 */
final class HopSuite {
    private static final int CAPACITY = 1024;
    private static final Object PING = "ping";

    private HopSuite() {
    }

    /**
     * @param roundTrips round trips per measurement
     * @param rounds     measured rounds
     * @param progress   where a line per measurement goes
     * @return nanoseconds per round trip of each, and the runtime's ratio to the raw queue
     */
    static List<Figure> run(final int roundTrips, final int rounds, final PrintStream progress) {
        final Map<String, Supplier<Double>> configs = new LinkedHashMap<>();
        configs.put("raw mpsc queue", () -> queues(new MpscArrayQueue<>(CAPACITY), new MpscArrayQueue<>(CAPACITY),
            roundTrips));
        configs.put("ArrayBlockingQueue", () -> queues(new ArrayBlockingQueue<>(CAPACITY),
            new ArrayBlockingQueue<>(CAPACITY), roundTrips));
        configs.put("runtime", () -> runtime(roundTrips));
        final Map<String, List<Double>> ns = new LinkedHashMap<>();
        configs.keySet().forEach(k -> ns.put(k, new ArrayList<>()));
        for (int r = -1; r < rounds; r++) {
            for (Map.Entry<String, Supplier<Double>> c : configs.entrySet()) {
                final double v = c.getValue().get();
                progress.printf("  %-9s %-20s %8.0f ns per round trip%n", r < 0 ? "warm-up" : "round " + (r + 1),
                    c.getKey(), v);
                if (r >= 0) {
                    ns.get(c.getKey()).add(v);
                }
            }
        }
        final List<Figure> out = new ArrayList<>();
        final Map<String, double[]> arrays = new LinkedHashMap<>();
        ns.forEach((k, v) -> arrays.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        arrays.forEach((k, v) -> out.add(Figure.of("hop", "round trip " + k, v, "ns", "")));
        out.add(Figure.of("hop", "runtime/raw queue round trip", Rounds.ratios(arrays.get("runtime"),
            arrays.get("raw mpsc queue")), "x", "<= 2"));
        return out;
    }

    /** Two spinning threads ping-pong over two queues; @return ns per round trip */
    private static double queues(final Queue<Object> there, final Queue<Object> back, final int n) {
        final Thread ponger = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                Object m;
                while ((m = there.poll()) == null) {
                    Thread.onSpinWait();
                }
                while (!back.offer(m)) {
                    Thread.onSpinWait();
                }
            }
        }, "hop-ponger");
        ponger.setDaemon(true);
        ponger.start();
        final long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            while (!there.offer(PING)) {
                Thread.onSpinWait();
            }
            while (back.poll() == null) {
                Thread.onSpinWait();
            }
        }
        final long nanos = System.nanoTime() - start;
        join(ponger);
        return (double) nanos / n;
    }

    private static void join(final Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            throw new IllegalStateException(t.getName() + " did not finish within 20 s");
        }
    }

    /** The pinger's state: how many round trips are left. */
    public static final class PingState {
        long left;
    }

    /** Requests a pong, and another when the reply comes, until none is left; then counts down. */
    static final class Pinger implements Server<PingState> {
        private final CountDownLatch done;

        Pinger(final CountDownLatch done) {
            this.done = done;
        }

        @Override
        public PingState handle(final ServerContext ctx, final PingState s, final Envelope m) {
            if (m.kind() != Kind.REPLY) {
                s.left = (Long) m.payload();
            } else if (--s.left == 0) {
                done.countDown();
                return s;
            }
            ctx.request("ponger", PING);
            return s;
        }
    }

    /** Answers every request. */
    static final class Ponger implements Server<NoState> {
        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            ctx.reply(m, PING);
            return s;
        }
    }

    private static <S> ServerSpec<S> bare(final ServerSpec<S> spec) {
        return spec.withCheckpoints(CheckpointPolicy.ON_REQUEST).withRecovery(RecoveryPolicy.FRESH)
            .withMailboxCapacity(CAPACITY);
    }

    /** @return ns per round trip between two servers on the threaded executor, spinning */
    private static double runtime(final int n) {
        final CountDownLatch done = new CountDownLatch(1);
        try (NewtRuntime rt = NewtRuntime.builder().threaded("spin")
            .server(bare(ServerSpec.of("pinger", PingState.class, () -> new Pinger(done), PingState::new)))
            .server(bare(ServerSpec.of("ponger", NoState.class, Ponger::new, () -> NoState.INSTANCE)))
            .build()) {
            rt.start();
            final long start = System.nanoTime();
            rt.client("bench").send("pinger", (long) n);
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the pinger did not finish " + n + " round trips within 60 s");
            }
            return (double) (System.nanoTime() - start) / n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
