package dev.newt.perf;

import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.process.ProcessIsolation;
import dev.newt.core.process.ServerRecipe;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.NoState;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.RestartIntensity;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What process isolation costs (issue 23): the round trip of a request from an in-JVM server to a
 * server in a child JVM against one to an in-JVM server (the same pinger, the same executor, in
 * interleaved rounds); how long the runtime takes to notice a {@code kill -9} of a server's process
 * (from the signal to the {@code crashed} event); and the restart from the checkpoint that follows
 * (the {@code restarted} event's downtime) with a warm spare JVM and without one.
 */
final class IsolationSuite {
    private static final String PING = "ping";

    private IsolationSuite() {
    }

    static List<Figure> run(final int roundTrips, final int rounds, final int kills, final PrintStream progress) {
        final List<Figure> out = new ArrayList<>();
        final double[] local = new double[rounds];
        final double[] isolated = new double[rounds];
        try (ProcessIsolation processes = ProcessIsolation.builder().build()) {
            for (int r = -1; r < rounds; r++) {
                final double l = roundTrip(roundTrips, null);
                final double i = roundTrip(roundTrips, processes);
                progress.printf("  %-9s in-JVM %8.0f ns, isolated %8.0f ns per round trip%n",
                    r < 0 ? "warm-up" : "round " + (r + 1), l, i);
                if (r >= 0) {
                    local[r] = l;
                    isolated[r] = i;
                }
            }
        }
        out.add(Figure.of("isolation", "round trip in-JVM", local, "ns", ""));
        out.add(Figure.of("isolation", "round trip process-isolated", isolated, "ns", ""));
        out.add(Figure.of("isolation", "isolated/in-JVM round trip", Rounds.ratios(isolated, local), "x", "<= 3"));
        for (int spares : new int[] {1, 0}) {
            final double[][] figures = kills(spares, kills, progress);
            final String how = spares > 0 ? "warm" : "cold";
            // Both ways: with a spare, the next spare JVM is still warming up beside the kill (it is
            // spawned as the restart takes the last one), which competes for the cores.
            out.add(Figure.of("isolation", "detection of a killed server process, " + (spares > 0
                ? "spare warming beside" : "no spare"), figures[0], "ms", "p50 <= 10"));
            out.add(Figure.of("isolation", "restart from checkpoint, " + how, figures[1], "ms",
                spares > 0 ? "p50 <= 50" : "stated"));
        }
        return out;
    }

    /** @return ns per round trip from an in-JVM pinger to a ponger, isolated when {@code processes} is given */
    private static double roundTrip(final int n, final ProcessIsolation processes) {
        final CountDownLatch done = new CountDownLatch(1);
        final ServerSpec<?> ponger = processes == null ? new PongerRecipe().spec("ponger", List.of())
            : processes.spec(PongerRecipe.class, "ponger");
        try (NewtRuntime rt = NewtRuntime.builder().threaded("backoff")
            .server(bare(ServerSpec.of("pinger", HopSuite.PingState.class, () -> new HopSuite.Pinger(done),
                HopSuite.PingState::new)))
            .server(ponger)
            .build()) {
            rt.start();
            // The first request starts the isolated ponger's process: not part of the measure.
            final NewtClient c = rt.client("bench");
            await(c.request("ponger", PING));
            final long start = System.nanoTime();
            c.send("pinger", (long) n);
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the pinger did not finish " + n + " round trips within 120 s");
            }
            return (double) (System.nanoTime() - start) / n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Kills the isolated counter's process {@code kills} times, waiting for its restart each time.
     *
     * @return detection latencies and restart downtimes, in ms
     */
    private static double[][] kills(final int spares, final int kills, final PrintStream progress) {
        final double[] detect = new double[kills];
        final double[] restart = new double[kills];
        try (ProcessIsolation processes = ProcessIsolation.builder().warmSpares(spares).build();
             NewtRuntime rt = NewtRuntime.builder().threaded("backoff")
                 .server(processes.spec(CounterRecipe.class, "counter")).build()) {
            final long[] crashedAt = new long[1];
            rt.events().subscribe(e -> {
                if (e instanceof ServerCrashed) {
                    synchronized (crashedAt) {
                        crashedAt[0] = System.nanoTime();
                    }
                }
            });
            rt.start();
            final NewtClient c = rt.client("bench");
            for (int k = -1; k < kills; k++) {
                c.send("counter", "inc");
                final long pid = (Long) await(c.request("counter", "pid")).payload();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (processes.sparesBooted() < spares && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000L);
                }
                final int restartsBefore = rt.events().ofType(ServerRestarted.class).size();
                final long t0 = System.nanoTime();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                while (rt.events().ofType(ServerRestarted.class).size() == restartsBefore) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the counter was not restarted within 60 s");
                    }
                    LockSupport.parkNanos(200_000L);
                }
                final List<ServerRestarted> restarts = rt.events().ofType(ServerRestarted.class);
                final double d;
                synchronized (crashedAt) {
                    d = (crashedAt[0] - t0) / 1e6;
                }
                final double down = restarts.get(restarts.size() - 1).downtimeNanos() / 1e6;
                progress.printf("  %-9s %s: detected in %6.2f ms, restarted in %7.1f ms%n",
                    k < 0 ? "warm-up" : "kill " + (k + 1), spares > 0 ? "warm spare" : "cold      ", d, down);
                if (k >= 0) {
                    detect[k] = d;
                    restart[k] = down;
                }
            }
            await(c.request("counter", "get"));
        }
        return new double[][] {detect, restart};
    }

    private static Envelope await(final CompletableFuture<Envelope> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no answer within 60 s: " + e, e);
        }
    }

    private static <S> ServerSpec<S> bare(final ServerSpec<S> spec) {
        return spec.withCheckpoints(CheckpointPolicy.ON_REQUEST).withRecovery(RecoveryPolicy.FRESH)
            .withMailboxCapacity(1024);
    }

    /** The ponger, built the same in either process. */
    public static final class PongerRecipe implements ServerRecipe {
        @Override
        public ServerSpec<?> spec(final String name, final List<String> args) {
            return bare(ServerSpec.of(name, NoState.class, Ponger::new, () -> NoState.INSTANCE));
        }
    }

    /** Answers every request with "ping", its state unchanged. */
    static final class Ponger implements Server<NoState> {
        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            ctx.reply(m, PING);
            ctx.stateUnchanged();
            return s;
        }
    }

    /** The state of {@link Counter}. */
    public static final class Count {
        long count;
    }

    /** A counter checkpointed after every message: "inc", "get", and "pid" (its process). */
    public static final class CounterRecipe implements ServerRecipe {
        @Override
        public ServerSpec<?> spec(final String name, final List<String> args) {
            // Killed over and over on purpose: no restart intensity to give up at.
            return ServerSpec.of(name, Count.class, Counter::new, Count::new).withBackoff(Backoff.NONE)
                .withIntensity(new RestartIntensity(1_000_000, Duration.ofSeconds(1)));
        }
    }

    /** Counts. */
    static final class Counter implements Server<Count> {
        @Override
        public Count handle(final ServerContext ctx, final Count s, final Envelope m) {
            switch ((String) m.payload()) {
                case "inc" -> s.count++;
                case "get" -> ctx.reply(m, s.count);
                case "pid" -> ctx.reply(m, ProcessHandle.current().pid());
                default -> throw new IllegalArgumentException("unknown command " + m.payload());
            }
            return s;
        }
    }
}
