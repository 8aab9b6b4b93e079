package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Trigger;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.update.UpdateOutcome.Result;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Faults in the update itself, injected into the new version's image (journal-v2): in its state
 * transformer ({@code JournalTransform.transform}) and in its start ({@code Journal.onStart}). Each
 * is detected and the update aborted or rolled back, with every entry journaled by version 1.
 */
class UpdateFaultTest {
    private static final Duration GAP = Duration.ofNanos(5_000);
    private static final Duration PROBATION = Duration.ofMillis(1);

    /** A journal v1 updated to a journal-v2 with {@code fault} woven in; returns the outcome after 100 entries. */
    private static UpdateOutcome updateWith(final FaultSpec fault, final UnaryOperator<UpdatePlan> adjust,
                                            final Checks checks) {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, fault));
        final NewtRuntime rt = JournalRig.builder(s -> s, "j").simulated().build();
        final ServerImage v2 = faults.weave("j", JournalRig.image("journal-v2"));
        faults.install(rt);
        try (JournalRig rig = JournalRig.of(rt)) {
            rig.stream("j", 50, GAP);
            final UpdatePlan plan = adjust.apply(UpdatePlan.of("j",
                ImageSpecs.sameSettings(rt.spec("j"), v2, JournalRig.JOURNAL, JournalRig.STATE).withAuditEvery(1)));
            final UpdateOutcome o = rig.await(rig.updates.start(plan));
            rig.stream("j", 50, GAP);
            // The workload is intact: version 1 serves again and journaled every entry, in order.
            assertThat(rig.statsMap("j")).as(o.reason()).containsEntry("version", "v1").containsEntry("count", 100L)
                .containsEntry("outOfOrder", 0L);
            assertThat(rig.events(EventKinds.FAULT_ACTIVATED)).isNotEmpty();
            // The detection is in the event log: the update's end names the fault's effect.
            assertThat(rig.events(EventKinds.UPDATE_FINISHED)).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("result", o.result().label())
                    .containsEntry("reason", o.reason()));
            checks.check(rig, o);
            return o;
        } finally {
            faults.close();
        }
    }

    @FunctionalInterface
    private interface Checks {
        void check(JournalRig rig, UpdateOutcome o);
    }

    private static FaultSpec fault(final String method, final String type, final String... params) {
        final FaultSpec.Builder b = FaultSpec.builder(type + "-in-" + method).site("j", "*.Journal*", method)
            .type(type).trigger(Trigger.always().persistently());
        for (int i = 0; i < params.length; i += 2) {
            b.param(params[i], params[i + 1]);
        }
        return b.build();
    }

    @Test
    void aCrashInTheStateTransformerAbortsBeforeTheSwitch() {
        final UpdateOutcome o = updateWith(fault("transform", "crash"), p -> p, (rig, out) -> { });
        assertThat(o.result()).isEqualTo(Result.ABORTED);
        assertThat(o.reason()).contains("state transfer failed").contains("injected crash");
    }

    @Test
    void aHangInTheStateTransformerIsBoundedAndAbortsBeforeTheSwitch() {
        // The transformer really blocks (no supervisor can revoke it): the update waits for it at
        // most BoundedTransform.MINIMUM (wall clock), once, then interrupts it and aborts.
        final UpdateOutcome o = updateWith(fault("transform", "hang"), p -> p, (rig, out) -> { });
        assertThat(o.result()).isEqualTo(Result.ABORTED);
        assertThat(o.reason()).contains("state transfer failed").contains("did not finish within 5000 ms (hung)");
    }

    @Test
    void aCrashInTheNewVersionsStartRollsBack() {
        final UpdateOutcome o = updateWith(fault("onStart", "crash"), p -> p.probation(PROBATION, HealthCheck.serving()),
            (rig, out) -> { });
        assertThat(o.result()).isEqualTo(Result.ROLLED_BACK);
        assertThat(o.reason()).contains("failed to start").contains("injected crash");
    }

    @Test
    void aTransformedStateCorruptedOnItsWayToTheNewVersionFailsItsAuditAndRollsBack() {
        final UpdateOutcome o = updateWith(fault("onStart", "corrupt-state", "mode", "null", "field", "limits",
            "at", "entry"), p -> p.probation(PROBATION, HealthCheck.serving()), (rig, out) -> { });
        assertThat(o.result()).isEqualTo(Result.ROLLED_BACK);
        assertThat(o.reason()).contains("limits or note is null");
    }

    @Test
    void aHangInTheNewVersionsStartRollsBack() {
        final UpdateOutcome o = updateWith(fault("onStart", "hang"), p -> p.probation(PROBATION, HealthCheck.serving()),
            (rig, out) -> { });
        assertThat(o.result()).isEqualTo(Result.ROLLED_BACK);
    }

    /**
     * On the threaded executor a hang really parks the worker: the hang watch (the old version's
     * deadline, kept by the new spec) revokes it and the update rolls back.
     */
    private static UpdateOutcome threadedHangIn(final String method) {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, fault(method, "hang")));
        final NewtRuntime rt = JournalRig.builder(s -> s.withHangDeadline(Duration.ofMillis(50)), "j")
            .threaded("park").build();
        final ServerImage v2 = faults.weave("j", JournalRig.image("journal-v2"));
        faults.install(rt);
        try (JournalRig rig = JournalRig.of(rt)) {
            rig.feed("j", 20);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j",
                ImageSpecs.sameSettings(rt.spec("j"), v2, JournalRig.JOURNAL, JournalRig.STATE))
                .probation(Duration.ofMillis(500), HealthCheck.serving()));
            // Entries keep coming while the update runs, so the new version has messages to hang on.
            final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int i = 0; i < 200 && !f.isDone() && System.nanoTime() < giveUpAt; i++) {
                rig.feed("j", 1);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            final UpdateOutcome o = Await.result(f, Duration.ofSeconds(10));
            rig.feed("j", 1);
            final long sent = rig.sent("j");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Map<String, Object> stats = rig.statsMap("j");
            while (!stats.get("count").equals(sent) && System.nanoTime() < deadline) {
                stats = rig.statsMap("j");
            }
            assertThat(stats).as(o.reason()).containsEntry("version", "v1").containsEntry("count", sent)
                .containsEntry("outOfOrder", 0L);
            retiredWorkersEnded("j");
            return o;
        } finally {
            faults.close();
        }
    }

    @Test
    void aRealHangInTheNewVersionsFirstMessageIsRevokedByTheHangWatchAndRollsBack() {
        final UpdateOutcome o = threadedHangIn("handle");
        assertThat(o.result()).as(o.reason()).isEqualTo(Result.ROLLED_BACK);
        assertThat(o.reason()).contains("failed on probation").contains("hang");
        // The message it hung on is served again by version 1, live, not replayed into it with its
        // outputs suppressed: version 2 handled nothing else, so nothing is replayed.
        assertThat(o.reason()).contains("replaying 0 messages");
    }

    /**
     * The new version's onStart runs under the hang watch: the supervisor revokes the start, the
     * update rolls back on a successor worker, and the stuck worker (its hang waits for the
     * revocation) returns and retires: no thread is left behind.
     */
    @Test
    void aRealHangInTheNewVersionsStartRollsBack() {
        final UpdateOutcome o = threadedHangIn("onStart");
        assertThat(o.result()).as(o.reason()).isEqualTo(Result.ROLLED_BACK);
        assertThat(o.reason()).contains("failed to start").contains("hung past the hang deadline");
    }

    /**
     * A real hang in the shadow's handler, on the threaded executor: it runs on the live worker
     * after the live handler, under the hang watch as a handler of its own. The supervisor revokes
     * the shadow, not the live version: a successor worker serves the live version, the update
     * aborts before the switch with {@code update-diverged} saying why, no restart happens and the
     * stuck worker retires.
     */
    @Test
    void aRealHangInTheShadowOnTheThreadedExecutorAbortsBeforeTheSwitch() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, fault("handle", "hang")));
        // A deadline no live handler reaches on a loaded machine (a live version revoked would void
        // the shadow and let the update go on): only the shadow's real hang passes it.
        final NewtRuntime rt = JournalRig.builder(s -> s.withHangDeadline(Duration.ofMillis(500)), "j")
            .threaded("park").build();
        final ServerImage v2 = faults.weave("j", JournalRig.image("journal-v2"));
        faults.install(rt);
        try (JournalRig rig = JournalRig.of(rt)) {
            rig.feed("j", 20);
            // Running (its first start is asynchronous here): a shadow is made only of a running server.
            assertThat(rig.statsMap("j")).containsKey("count");
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j",
                ImageSpecs.sameSettings(rt.spec("j"), v2, JournalRig.JOURNAL, JournalRig.STATE))
                .warmUp(1_000_000, Duration.ofSeconds(20)));
            // Entries keep coming until the update ends (making the image ready takes a while on a
            // loaded machine), so the shadow has messages to hang on before its deadline.
            final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!f.isDone() && System.nanoTime() < giveUpAt) {
                rig.feed("j", 1);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            final UpdateOutcome o = Await.result(f, Duration.ofSeconds(5));
            assertThat(o.result()).as("%s; %s", o.reason(), rt.events().snapshot()).isEqualTo(Result.ABORTED);
            assertThat(o.reason()).contains("failed in its shadow").contains("hung");
            assertThat(rig.events(EventKinds.UPDATE_DIVERGED)).singleElement()
                .satisfies(e -> assertThat(String.valueOf(e.fields().get("failed"))).contains("hang deadline"));
            rig.feed("j", 1);
            final long sent = rig.sent("j");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Map<String, Object> stats = rig.statsMap("j");
            while (!stats.get("count").equals(sent) && System.nanoTime() < deadline) {
                stats = rig.statsMap("j");
            }
            assertThat(stats).as(o.reason()).containsEntry("version", "v1").containsEntry("count", sent)
                .containsEntry("outOfOrder", 0L);
            // The live version never failed: no hang detected, no restart.
            assertThat(rt.status("j").restarts()).isZero();
            retiredWorkersEnded("j");
        } finally {
            faults.close();
        }
    }

    /** Every worker thread of {@code server} but the newest (the one serving) ends: a revoked worker is not leaked. */
    private static void retiredWorkersEnded(final String server) {
        final List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("newt-" + server)).sorted(Comparator.comparingLong(Thread::getId)).toList();
        assertThat(workers).as("worker threads of " + server).isNotEmpty();
        workers.subList(0, workers.size() - 1).forEach(Await::ended);
    }

    /**
     * A hang in the new version's handler while it warms in a shadow, on the simulated executor:
     * the shadow ends, the update aborts before the switch and {@code update-diverged} says why.
     * (On the threaded executor the shadow's handler is not yet watched: see ARCHITECTURE.md.)
     */
    @Test
    void aHangInTheShadowAbortsBeforeTheSwitch() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, fault("handle", "hang")));
        final NewtRuntime rt = JournalRig.builder(s -> s, "j").simulated().build();
        final ServerImage v2 = faults.weave("j", JournalRig.image("journal-v2"));
        faults.install(rt);
        try (JournalRig rig = JournalRig.of(rt)) {
            rig.stream("j", 20, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j",
                ImageSpecs.sameSettings(rt.spec("j"), v2, JournalRig.JOURNAL, JournalRig.STATE))
                .warmUp(10, Duration.ofMillis(50)));
            rig.stream("j", 20, GAP);
            final UpdateOutcome o = rig.await(f);
            rig.stream("j", 10, GAP);

            assertThat(o.result()).as(o.reason()).isEqualTo(Result.ABORTED);
            assertThat(o.reason()).contains("failed in its shadow").contains("hang");
            assertThat(rig.events(EventKinds.UPDATE_DIVERGED)).singleElement()
                .satisfies(e -> assertThat(String.valueOf(e.fields().get("failed"))).contains("hang"));
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 50L)
                .containsEntry("outOfOrder", 0L);
        } finally {
            faults.close();
        }
    }
}
