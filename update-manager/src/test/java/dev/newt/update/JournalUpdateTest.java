package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.update.UpdateOutcome.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Live updates of one server on the simulated executor: commit, abort and rollback. */
class JournalUpdateTest {
    private static final Duration GAP = Duration.ofNanos(5_000);

    @Test
    void anUpdateUnderASteadyStreamLosesAndReordersNothingAndTransformsTheState() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.send("j", "tag:zeta");
            rig.send("j", "tag:alpha");
            rig.stream("j", 200, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .probation(Duration.ofNanos(100_000), HealthCheck.serving()));
            // A burst that arrives while the server is held: it waits in the mailbox.
            rig.feed("j", 50);
            rig.stream("j", 200, GAP);
            final UpdateOutcome o = rig.await(f);

            assertThat(o.result()).isEqualTo(Result.COMMITTED);
            assertThat(o.reason()).isEmpty();
            assertThat(o.image()).isEqualTo("journal-v2");
            final Map<String, Object> s = rig.statsMap("j");
            assertThat(s).containsEntry("version", "v2").containsEntry("count", 450L).containsEntry("last", 450L)
                .containsEntry("outOfOrder", 0L)
                // transformed by the transformer the image ships: renamed, nested rename, list to sorted set, default
                .containsEntry("tags", List.of("alpha", "zeta")).containsEntry("max", 1_000_000L)
                .containsEntry("note", "migrated from v1");
            // Version 2 journaled the burst and everything after it; version 1 the first 200.
            assertThat(s).containsEntry("byV2", 250L);
            assertThat(rig.rt.events().ofType(ServerRestarted.class)).isEmpty();
        }
    }

    @Test
    void aServerThatNeverReachesItsSafePointIsNotUpdatedAndKeepsServing() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 20, GAP);
            rig.send("j", "begin");
            rig.rt.runFor(GAP);
            final UpdateOutcome o = rig.updates.update(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .quiesceDeadline(Duration.ofMillis(2)));

            assertThat(o.result()).isEqualTo(Result.ABORTED);
            assertThat(o.reason()).contains("quiesce deadline").contains("[j]");
            assertThat(o.quiesceNanos()).isEqualTo(Duration.ofMillis(2).toNanos());
            assertThat(o.transferNanos()).isZero();
            assertThat(o.downtimeNanos()).isZero();
            rig.stream("j", 20, GAP);
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 40L)
                .containsEntry("outOfOrder", 0L);
        }
    }

    @Test
    void aStateTheTransformCannotMapAbortsTheUpdateNamingTheFieldAndTheOldVersionGoesOn() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 10, GAP);
            // Without the image's own transformer: v2's 'count' has no source in v1's state.
            final UpdateOutcome o = rig.updates.update(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .transform("j", FieldMapping.automatic()));

            assertThat(o.result()).isEqualTo(Result.ABORTED);
            assertThat(o.reason()).contains("server 'j', field 'byV2'");
            rig.stream("j", 10, GAP);
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 20L);
        }
    }

    @Test
    void aNewVersionThatFailsOnStartIsRolledBackWithTheOldStateIntact() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.send("j", "tag:kept");
            rig.stream("j", 100, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j",
                rig.next("j", "journal-broken", 0)).probation(Duration.ofMillis(1), HealthCheck.serving()));
            rig.feed("j", 30);
            final UpdateOutcome o = rig.await(f);
            rig.stream("j", 100, GAP);

            assertThat(o.result()).isEqualTo(Result.ROLLED_BACK);
            assertThat(o.reason()).contains("new version of 'j' failed to start")
                .contains("broken image: fails on start");
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 230L)
                .containsEntry("outOfOrder", 0L).containsEntry("tags", List.of("kept"));
            assertThat(rig.rt.events().ofType(ServerRestarted.class)).isEmpty();
        }
    }

    @Test
    void aNewVersionThatCrashesOnProbationIsRolledBackReplayingWhatItHandledAndTheWorkGoesOn() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 100, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j",
                rig.next("j", "journal-broken", 5)).probation(Duration.ofMillis(1), HealthCheck.serving()));
            rig.stream("j", 100, GAP);
            final UpdateOutcome o = rig.await(f);
            rig.stream("j", 100, GAP);

            assertThat(o.result()).isEqualTo(Result.ROLLED_BACK);
            // It handled four entries, crashed on the fifth; v1 replays the four and serves the fifth.
            assertThat(o.reason()).contains("failed on probation").contains("crashes on message 5")
                .contains("replaying 4 messages");
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 300L)
                .containsEntry("last", 300L).containsEntry("outOfOrder", 0L);
            // A crash on probation is the update's to handle: one crash, no restart, no restart loop.
            assertThat(rig.rt.events().ofType(ServerCrashed.class)).hasSize(1);
            assertThat(rig.rt.events().ofType(ServerRestarted.class)).isEmpty();
            assertThat(rig.rt.events().ofType(GaveUp.class)).isEmpty();
        }
    }

    @Test
    void aFailingHealthCheckRollsBackAtTheFirstPoll() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 10, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .probation(Duration.ofMillis(1), HealthCheck.serving().and(HealthCheck.that("v2 answers", () -> false))));
            rig.stream("j", 50, GAP);
            final UpdateOutcome o = rig.await(f);

            assertThat(o.result()).isEqualTo(Result.ROLLED_BACK);
            assertThat(o.reason()).contains("health check failed: v2 answers");
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 60L)
                .containsEntry("outOfOrder", 0L);
        }
    }

    private static String eventLogOfAnUpdateAndARollback() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 30, GAP);
            final CompletableFuture<UpdateOutcome> v2 = rig.updates.start(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .probation(Duration.ofNanos(20_000), HealthCheck.serving()));
            rig.stream("j", 30, GAP);
            rig.await(v2);
            final CompletableFuture<UpdateOutcome> broken = rig.updates.start(UpdatePlan.of("j",
                rig.next("j", "journal-broken", 3)).transform("j", FieldMapping.automatic().rename("count", "entries")
                    .rename("limits.maxEntries", "limits.max").remove("note").remove("byV2")
                    .defaultValue("motto", "back")).probation(Duration.ofMillis(1), HealthCheck.serving()));
            rig.stream("j", 30, GAP);
            assertThat(rig.await(broken).result()).isEqualTo(Result.ROLLED_BACK);
            assertThat(rig.statsMap("j")).containsEntry("version", "v2").containsEntry("count", 90L);
            return rig.rt.events().sha256();
        }
    }

    @Test
    void theSameSeedGivesTheSameEventLogThroughAnUpdateAndARollback() {
        assertThat(eventLogOfAnUpdateAndARollback()).isEqualTo(eventLogOfAnUpdateAndARollback());
    }

    @Test
    void everyPhaseIsAnEventWithItsDurationAndTheUpdateEndsWithItsOutcome() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 10, GAP);
            final UpdateOutcome o = rig.updates.update(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .probation(Duration.ofNanos(50_000), HealthCheck.serving()).image("journal-v2-test"));

            assertThat(rig.events(EventKinds.UPDATE_PHASE)).extracting(e -> e.fields().get("phase"))
                .containsExactly("quiesce", "transfer", "probation");
            long previousEnd = o.requestedAt();
            for (var e : rig.events(EventKinds.UPDATE_PHASE)) {
                assertThat(e.fields()).containsEntry("updateId", "u1").containsEntry("start", previousEnd);
                assertThat((Long) e.fields().get("end")).isGreaterThanOrEqualTo(previousEnd);
                previousEnd = (Long) e.fields().get("end");
            }
            // Simulated time: each step of the update costs one 1 µs scheduling step.
            assertThat(o.transferNanos()).isPositive();
            assertThat(o.downtimeNanos()).isGreaterThanOrEqualTo(o.transferNanos());
            assertThat(o.totalNanos()).isGreaterThanOrEqualTo(o.quiesceNanos() + o.transferNanos()
                + Duration.ofNanos(50_000).toNanos());
            assertThat(rig.events(EventKinds.UPDATE_FINISHED)).singleElement().satisfies(e -> {
                assertThat(e.server()).isEqualTo("j");
                assertThat(e.fields()).containsEntry("updateId", "u1").containsEntry("servers", List.of("j"))
                    .containsEntry("image", "journal-v2-test").containsEntry("requestedAt", o.requestedAt())
                    .containsEntry("result", "committed").containsEntry("quiesceNanos", o.quiesceNanos())
                    .containsEntry("transferNanos", o.transferNanos()).containsEntry("downtimeNanos", o.downtimeNanos())
                    .containsEntry("totalNanos", o.totalNanos()).containsEntry("reason", "");
            });
        }
    }
}
