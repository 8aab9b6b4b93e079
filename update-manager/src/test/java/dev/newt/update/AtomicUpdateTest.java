package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import dev.newt.update.UpdateOutcome.Result;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Several servers updated together: all quiesce, transfer and switch, or none does. */
class AtomicUpdateTest {
    private static final Duration GAP = Duration.ofNanos(5_000);

    private static void streamBoth(final JournalRig rig, final int n) {
        for (int i = 0; i < n; i++) {
            rig.feed("j1", 1);
            rig.feed("j2", 1);
            rig.rt.runFor(GAP);
        }
    }

    @Test
    void twoServersAreHeldTogetherAndSwitchTogether() {
        try (JournalRig rig = JournalRig.simulated("j1", "j2")) {
            streamBoth(rig, 100);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j1", rig.next("j1", "journal-v2"))
                .and("j2", rig.next("j2", "journal-v2")).probation(Duration.ofNanos(50_000), HealthCheck.serving()));
            rig.feed("j1", 30);
            rig.feed("j2", 30);
            final UpdateOutcome o = rig.await(f);
            streamBoth(rig, 10);

            assertThat(o.result()).isEqualTo(Result.COMMITTED);
            assertThat(o.servers()).containsExactly("j1", "j2");
            // Neither served a message between the request and the switch: both were held.
            for (String j : List.of("j1", "j2")) {
                assertThat(rig.statsMap(j)).as(j).containsEntry("version", "v2").containsEntry("count", 140L)
                    .containsEntry("outOfOrder", 0L).containsEntry("byV2", 40L);
            }
            assertThat(rig.events(EventKinds.UPDATE_FINISHED)).singleElement()
                .satisfies(e -> assertThat(e.server()).isEqualTo("j1,j2"));
        }
    }

    @Test
    void whenTheSecondServerCannotQuiesceNeitherSwitchesAndTheFirstLosesNothing() {
        try (JournalRig rig = JournalRig.simulated("j1", "j2")) {
            streamBoth(rig, 50);
            rig.send("j2", "begin");
            rig.rt.runFor(GAP);
            final Duration deadline = Duration.ofMillis(1);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j1", rig.next("j1", "journal-v2"))
                .and("j2", rig.next("j2", "journal-v2")).quiesceDeadline(deadline));
            streamBoth(rig, 50);
            final UpdateOutcome o = rig.await(f);
            streamBoth(rig, 50);

            assertThat(o.result()).isEqualTo(Result.ABORTED);
            assertThat(o.reason()).contains("not at a safe point: [j2]");
            // j1 was held, waiting for j2, until the deadline: the price of atomicity.
            assertThat(o.downtimeNanos()).isBetween(deadline.toNanos() - 10_000, deadline.toNanos() + 10_000);
            for (String j : List.of("j1", "j2")) {
                assertThat(rig.statsMap(j)).as(j).containsEntry("version", "v1").containsEntry("count", 150L)
                    .containsEntry("outOfOrder", 0L);
            }
        }
    }

    @Test
    void whenOneNewVersionCrashesOnProbationBothRollBack() {
        try (JournalRig rig = JournalRig.simulated("j1", "j2")) {
            streamBoth(rig, 50);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j1", rig.next("j1", "journal-v2"))
                .and("j2", rig.next("j2", "journal-broken", 3)).probation(Duration.ofMillis(1), HealthCheck.serving()));
            streamBoth(rig, 50);
            final UpdateOutcome o = rig.await(f);
            streamBoth(rig, 50);

            assertThat(o.result()).isEqualTo(Result.ROLLED_BACK);
            assertThat(o.reason()).contains("new version of 'j2' failed on probation");
            for (String j : List.of("j1", "j2")) {
                assertThat(rig.statsMap(j)).as(j).containsEntry("version", "v1").containsEntry("count", 150L)
                    .containsEntry("last", 150L).containsEntry("outOfOrder", 0L);
            }
        }
    }
}
