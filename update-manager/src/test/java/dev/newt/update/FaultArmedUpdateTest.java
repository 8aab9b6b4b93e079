package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Trigger;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.update.UpdateOutcome.Result;
import dev.newt.update.sample.Journal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Updates of servers that fail, or have a fault armed in them, while the update runs. */
class FaultArmedUpdateTest {
    private static final Duration GAP = Duration.ofNanos(5_000);

    @Test
    void aServerWithAFaultWovenInIsUpdatedAndTheNewVersionRunsWithoutIt() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, FaultSpec.builder("slow")
            .site("j", "*.Journal", "handle").type("delay").trigger(Trigger.always().persistently())
            .param("delay", "2us").build()));
        final NewtRuntime rt = NewtRuntime.builder().seed(42).simulated()
            .server(faults.spec("j", ServerImage.of("journal-v1", Journal.class), JournalRig.JOURNAL, JournalRig.STATE))
            .build();
        faults.install(rt);
        try (JournalRig rig = JournalRig.of(rt)) {
            rig.stream("j", 50, GAP);
            final UpdateOutcome o = rig.updates.update(UpdatePlan.of("j", rig.next("j", "journal-v2")));
            rig.stream("j", 50, GAP);

            assertThat(o.result()).isEqualTo(Result.COMMITTED);
            assertThat(rig.statsMap("j")).containsEntry("version", "v2").containsEntry("count", 100L)
                .containsEntry("outOfOrder", 0L).containsEntry("byV2", 50L);
            // The fault was woven into version 1's classes only: it acted until the switch, never after.
            final long switchedAt = o.requestedAt() + o.quiesceNanos() + o.transferNanos();
            assertThat(rig.events(EventKinds.FAULT_ACTIVATED)).hasSizeGreaterThanOrEqualTo(50)
                .allSatisfy(e -> assertThat(e.time()).isLessThanOrEqualTo(switchedAt));
        } finally {
            faults.close();
        }
    }

    @Test
    void aCrashWhileTheUpdateWaitsForTheSafePointIsAnOrdinaryRestartAndTheUpdateThenGoesOn() {
        try (JournalRig rig = JournalRig.simulated("j")) {
            rig.stream("j", 10, GAP);
            rig.send("j", "begin");
            rig.rt.runFor(GAP);
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .quiesceDeadline(Duration.ofMillis(5)));
            rig.stream("j", 10, GAP);
            // An unknown message crashes version 1: the supervisor restarts it from its checkpoint,
            // still in its handshake, so the update keeps waiting.
            rig.send("j", "boom");
            rig.stream("j", 10, GAP);
            rig.send("j", "end");
            rig.stream("j", 10, GAP);
            final UpdateOutcome o = rig.await(f);

            assertThat(o.result()).as(o.reason()).isEqualTo(Result.COMMITTED);
            assertThat(rig.rt.events().ofType(ServerCrashed.class)).singleElement()
                .satisfies(c -> assertThat(c.message()).isEqualTo("unknown message boom"));
            assertThat(rig.rt.events().ofType(ServerRestarted.class)).hasSize(1);
            assertThat(rig.statsMap("j")).containsEntry("version", "v2").containsEntry("count", 40L)
                .containsEntry("outOfOrder", 0L).containsEntry("byV2", 10L);
            assertThat(rig.events(EventKinds.UPDATE_FINISHED)).extracting(CustomEvent::kind).hasSize(1);
        }
    }
}
