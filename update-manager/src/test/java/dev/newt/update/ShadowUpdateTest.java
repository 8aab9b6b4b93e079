package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.event.UpdatePhase;
import dev.newt.update.UpdateOutcome.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Updates whose new version first runs in a shadow beside the live one (simulated executor): it
 * warms up on the messages the live version handles and hands its state to the switch; its outputs
 * are compared under the rule the image declares (journal-v2: {@code identical}), and a divergence
 * or a failure in the shadow aborts the update before the switch.
 */
class ShadowUpdateTest {
    private static final Duration GAP = Duration.ofNanos(5_000);

    @Test
    void aWarmShadowHandsItsStateToTheSwitchAndNothingIsLostOrReordered() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.send("j", "tag:zeta");
            rig.stream("j", 200, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .warmUp(100, Duration.ofMillis(50)));
            rig.stream("j", 300, GAP);
            final UpdateOutcome o = rig.await(f);

            assertThat(o.result()).as(o.reason()).isEqualTo(Result.COMMITTED);
            final Map<String, Object> s = rig.statsMap("j");
            // The same state a stop-and-copy update leaves: every entry once, in order, transformed.
            assertThat(s).containsEntry("version", "v2").containsEntry("count", 500L).containsEntry("last", 500L)
                .containsEntry("outOfOrder", 0L).containsEntry("tags", List.of("zeta"))
                .containsEntry("note", "migrated from v1");
            final Map<String, Object> finished = rig.events(EventKinds.UPDATE_FINISHED).get(0).fields();
            @SuppressWarnings("unchecked")
            final Map<String, Object> shadow = ((List<Map<String, Object>>) finished.get("shadow")).get(0);
            assertThat(shadow).containsEntry("server", "j").containsEntry("warm", true)
                .containsEntry("stateFromShadow", true);
            assertThat((Long) shadow.get("messages")).isGreaterThanOrEqualTo(100L);
            // Version 2 counted in its shadow too: its state is the shadow's.
            assertThat((Long) s.get("byV2")).isGreaterThanOrEqualTo(100L);
            assertThat(rig.events(EventKinds.UPDATE_PHASE).stream().map(e -> UpdatePhase.from(e).phase()))
                .contains(UpdatePhase.SHADOW, UpdatePhase.QUIESCE, UpdatePhase.TRANSFER);
            assertThat(rig.events(EventKinds.UPDATE_DIVERGED)).isEmpty();
            assertThat(rig.rt.events().ofType(ServerRestarted.class)).isEmpty();
        }
    }

    @Test
    void withoutMessagesTheShadowSwitchesAtItsDeadline() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 20, GAP);
            final UpdateOutcome o = rig.updates.update(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .warmUp(1_000, Duration.ofMillis(1)));

            assertThat(o.result()).as(o.reason()).isEqualTo(Result.COMMITTED);
            assertThat(o.quiesceNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(1).toNanos());
            rig.stream("j", 20, GAP);
            assertThat(rig.statsMap("j")).containsEntry("version", "v2").containsEntry("count", 40L)
                .containsEntry("outOfOrder", 0L);
        }
    }

    @Test
    void aNewVersionThatAnswersOneMessageDifferentlyIsNotSwitchedToAndTheMessageIsInTheLog() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 20, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .warmUp(1_000, Duration.ofMillis(50)));
            rig.stream("j", 20, GAP);
            // Version 2 answers 'stats' with "v2" and more keys: under 'identical' it diverges.
            assertThat(rig.statsMap("j")).containsEntry("version", "v1");
            final UpdateOutcome o = rig.await(f);

            assertThat(o.result()).as(rig.rt.events().ofType(CustomEvent.class).toString()).isEqualTo(Result.ABORTED);
            assertThat(o.reason()).contains("diverged").contains("request from feeder").contains("stats")
                .contains("version=v1").contains("version=v2");
            assertThat(o.downtimeNanos()).isZero();
            final List<CustomEvent> diverged = rig.events(EventKinds.UPDATE_DIVERGED);
            assertThat(diverged).hasSize(1);
            assertThat(diverged.get(0).fields()).containsEntry("server", "j").containsEntry("handled", 21L);
            assertThat((String) diverged.get(0).fields().get("message")).contains("stats").contains("reply to feeder");
            // The old version serves on, having lost nothing.
            rig.stream("j", 20, GAP);
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 60L)
                .containsEntry("outOfOrder", 0L);
        }
    }

    @Test
    void aNewVersionThatCrashesInItsShadowIsNotSwitchedToAndTheOldOneServesOn() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 20, GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j",
                rig.next("j", "journal-broken", 7)).warmUp(100, Duration.ofMillis(50)));
            rig.stream("j", 40, GAP);
            final UpdateOutcome o = rig.await(f);

            assertThat(o.result()).isEqualTo(Result.ABORTED);
            assertThat(o.reason()).contains("failed in its shadow").contains("broken image: crashes on message 7");
            assertThat(rig.events(EventKinds.UPDATE_DIVERGED).get(0).fields()).containsKey("failed");
            assertThat(rig.rt.events().ofType(ServerCrashed.class)).isEmpty();
            rig.stream("j", 20, GAP);
            assertThat(rig.statsMap("j")).containsEntry("version", "v1").containsEntry("count", 80L)
                .containsEntry("outOfOrder", 0L);
        }
    }
}
