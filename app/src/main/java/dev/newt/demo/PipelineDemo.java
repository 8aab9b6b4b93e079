package dev.newt.demo;

import dev.newt.core.event.EventLog;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.demo.PipelineMessages.Start;
import dev.newt.demo.PipelineMessages.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The core runtime's demonstration: a pipeline of three servers (source, transform, sink) under
 * load; halfway through, a crash is injected into the transform by hand, the supervisor restores
 * it by the chosen recovery policy, and the sink's independent checks show what the policy kept.
 */
public final class PipelineDemo {

    /** How the pipeline is run. */
    public enum Mode { THREADED, SIMULATED }

    /**
     * What one run showed.
     *
     * @param policy         the transform's recovery policy
     * @param mode           the executor
     * @param items          items pushed through
     * @param elapsedNanos   runtime-clock time from start to the sink's verdict
     * @param crashes        crashes detected
     * @param downtimeNanos  time the transform was down, from detection to serving again
     * @param verdict        the sink's checks
     * @param eventLogSha256 hash of the run's event log
     */
    public record Result(RecoveryPolicy policy, Mode mode, long items, long elapsedNanos, int crashes,
                         long downtimeNanos, Verdict verdict, String eventLogSha256) {

        /** @return items per second of runtime-clock time */
        public double itemsPerSecond() {
            return items * 1e9 / Math.max(1, elapsedNanos);
        }
    }

    /** The transform checkpoints after this many messages. */
    public static final int CHECKPOINT_EVERY = 100;

    private PipelineDemo() {
    }

    /** @param items items in the run @return the item after which the transform crashes */
    public static long crashAfter(final long items) {
        return items / 2;
    }

    /**
     * What the sink must see under each policy: 'fresh' loses the digest, so every item after the
     * crash is wrong; 'checkpoint' loses it unless the crash fell right on a checkpoint;
     * 'checkpoint+replay' loses nothing.
     *
     * @param policy the transform's recovery policy
     * @param items  items in the run
     * @return how many items must arrive with a wrong digest
     */
    public static long expectedWrongDigests(final RecoveryPolicy policy, final long items) {
        final long after = items - crashAfter(items) - 1;
        return switch (policy) {
            case FRESH -> after;
            case CHECKPOINT -> (crashAfter(items) + 1) % CHECKPOINT_EVERY == 0 ? 0 : after;
            case CHECKPOINT_REPLAY -> 0;
        };
    }

    /**
     * @param r a run's result
     * @return whether it shows exactly what its policy promises: one crash, every item once, and the
     *         expected number of wrong digests
     */
    public static boolean asPromised(final Result r) {
        return r.crashes() == 1 && r.verdict().lost() == 0 && r.verdict().duplicated() == 0
            && r.verdict().received() == r.items()
            && r.verdict().wrongDigest() == expectedWrongDigests(r.policy(), r.items());
    }

    /**
     * Runs the pipeline once.
     *
     * @param policy   the transform's recovery policy
     * @param mode     the executor
     * @param items    how many items to push through
     * @param seed     seed of the runtime
     * @param eventLog file for the event log, or {@code null} to keep it in memory
     * @return what the run showed
     * @throws TimeoutException if the sink's verdict did not come within a minute
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(final RecoveryPolicy policy, final Mode mode, final long items, final long seed,
                             final Path eventLog) throws TimeoutException, InterruptedException {
        final NewtRuntime.Builder b = NewtRuntime.builder().seed(seed)
            .eventLog(eventLog == null ? new EventLog() : new EventLog(eventLog))
            .server(ServerSpec.of("source", Source.State.class, Source::new, Source.State::new)
                .withCheckpoints(CheckpointPolicy.everyMessages(1000)))
            .server(ServerSpec.of("transform", Transform.State.class, Transform::new, Transform.State::new)
                .withRecovery(policy).withCheckpoints(CheckpointPolicy.everyMessages(CHECKPOINT_EVERY))
                .withMailboxCapacity(2 * Source.WINDOW + 16))
            .server(ServerSpec.of("sink", Sink.State.class, Sink::new, Sink.State::new)
                .withCheckpoints(CheckpointPolicy.everyMessages(1000))
                .withMailboxCapacity(2 * Source.WINDOW + 16));
        if (mode == Mode.THREADED) {
            b.threaded("backoff");
        } else {
            b.simulated();
        }
        try (NewtRuntime rt = b.build()) {
            rt.start();
            final NewtClient driver = rt.client("demo");
            final Start start = new Start(items, crashAfter(items));
            final long t0 = rt.now();
            send(driver, "sink", start);
            send(driver, "source", start);
            final Verdict verdict = awaitVerdict(rt, driver);
            final long elapsed = rt.now() - t0;
            final long downtime = rt.events().ofType(ServerRestarted.class).stream()
                .mapToLong(ServerRestarted::downtimeNanos).sum();
            final int crashes = rt.events().ofType(ServerCrashed.class).size();
            rt.close();
            rt.events().close();
            return new Result(policy, mode, items, elapsed, crashes, downtime, verdict, rt.events().sha256());
        }
    }

    private static void send(final NewtClient driver, final String to, final Object payload) {
        if (!driver.send(to, payload)) {
            throw new IllegalStateException("mailbox of " + to + " is full at start");
        }
    }

    private static Verdict awaitVerdict(final NewtRuntime rt, final NewtClient driver)
        throws TimeoutException, InterruptedException {
        if (rt.simulated()) {
            final Envelope[] got = new Envelope[1];
            rt.runUntil(() -> (got[0] = driver.poll()) != null, Duration.ofSeconds(60));
            return verdictOf(got[0]);
        }
        return verdictOf(driver.poll(Duration.ofSeconds(60)));
    }

    private static Verdict verdictOf(final Envelope e) throws TimeoutException {
        if (e == null) {
            throw new TimeoutException("the sink sent no verdict within 60 s");
        }
        return Objects.requireNonNull(e.payload(Verdict.class));
    }
}
