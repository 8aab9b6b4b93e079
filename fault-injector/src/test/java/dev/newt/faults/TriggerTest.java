package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.server.RestartIntensity;
import dev.newt.faults.testabi.Add;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Triggers decide which calls activate a fault: by count, by seeded chance, by time and by events. */
class TriggerTest {

    private static void sendAdds(final Fixture f, final long... amounts) {
        for (long n : amounts) {
            f.send(new Add(n));
        }
    }

    @Test
    void nthFiresOnExactlyTheNthCallAndNeverAgain() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("drop-4", "drop-message", "handle", Trigger.nth(4))
            .build()))) {
            sendAdds(f, 1, 10, 100, 1000, 10000, 100000);
            assertThat(f.ask("get")).isEqualTo(111111L - 1000L);
            assertThat(f.activationCalls()).containsExactly(4L);
            assertThat(f.faults.finish()).singleElement().satisfies(s -> {
                assertThat(s.calls()).isEqualTo(4L);
                assertThat(s.activatedAt()).containsExactly(4L);
            });
        }
    }

    @Test
    void everyNthPersistentFiresOnEveryNthCall() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("drop-even", "drop-message", "handle",
            Trigger.every(2).persistently()).build()))) {
            sendAdds(f, 1, 10, 100, 1000);
            // The request is the fifth call: odd, so it is answered.
            assertThat(f.ask("get")).isEqualTo(101L);
            assertThat(f.activationCalls()).containsExactly(2L, 4L);
        }
    }

    private static List<Long> probabilityActivations(final long seed) {
        try (Fixture f = Fixture.counter(FaultPlan.of(seed, fault("coin", "leak", "handle",
            Trigger.probability(0.3).persistently()).param("bytes", 1).build()))) {
            for (int i = 0; i < 40; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(5));
            return f.activationCalls();
        }
    }

    @Test
    void aSeededProbabilityActivatesTheSameCallsEveryRunAndOtherCallsWithAnotherSeed() {
        final List<Long> a = probabilityActivations(42);
        assertThat(a).hasSizeBetween(4, 24);
        assertThat(probabilityActivations(42)).isEqualTo(a);
        assertThat(probabilityActivations(43)).isNotEqualTo(a);
    }

    @Test
    void aPersistentFaultComesBackInEveryIncarnationUntilTheSupervisorGivesUp() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("loop", "crash", "handle",
            Trigger.nth(2).persistently()).build()), s -> s.withIntensity(new RestartIntensity(2, Duration.ofSeconds(5))))) {
            for (int i = 0; i < 8; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(100));
            assertThat(f.rt.events().ofType(ServerCrashed.class)).hasSize(3);
            assertThat(f.activations()).extracting(a -> a.get("call"), a -> a.get("epoch"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 1L), org.assertj.core.groups.Tuple.tuple(2L, 2L),
                    org.assertj.core.groups.Tuple.tuple(2L, 3L));
            assertThat(f.rt.events().ofType(GaveUp.class)).singleElement()
                .satisfies(g -> assertThat(g.server()).isEqualTo("counter"));
            assertThat(f.events(EventKinds.FAULT_DISARMED)).isEmpty();
        }
    }

    @Test
    void aOnceFaultFiresOnceAndTheRestartedServerRunsClean() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("once", "crash", "handle", Trigger.nth(2)).build()))) {
            for (int i = 0; i < 8; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(100));
            assertThat(f.rt.events().ofType(ServerCrashed.class)).hasSize(1);
            assertThat(f.ask("get")).isEqualTo(7L);
            assertThat(f.events(EventKinds.FAULT_DISARMED)).hasSize(1);
        }
    }

    @Test
    void aTimeWindowCountsOnlyCallsWithinIt() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("window", "leak", "handle",
            Trigger.always().persistently().between(Duration.ofMillis(10), Duration.ofMillis(20)))
            .param("bytes", 1).build()))) {
            f.run(Duration.ofMillis(5));
            f.send("inc");
            f.run(Duration.ofMillis(10));
            f.send("inc");
            f.send("inc");
            f.run(Duration.ofMillis(10));
            f.send("inc");
            f.run(Duration.ofMillis(5));
            assertThat(f.events(EventKinds.FAULT_ACTIVATED)).hasSize(2)
                .allSatisfy(e -> assertThat(e.time()).isBetween(10_000_000L, 20_000_000L));
            assertThat(f.faults.finish().get(0).calls()).isEqualTo(2L);
        }
    }

    @Test
    void anEventWindowCountsOnlyCallsBetweenItsOpeningAndClosingEvents() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("during-update", "drop-message", "handle",
            Trigger.always().persistently().after("update-started").until(EventKinds.UPDATE_FINISHED)).build()))) {
            sendAdds(f, 1);
            f.run(Duration.ofMillis(1));
            f.rt.events().record(new CustomEvent(f.rt.now(), "counter", "update-started", Map.of()));
            sendAdds(f, 10, 100);
            f.run(Duration.ofMillis(1));
            f.rt.events().record(new CustomEvent(f.rt.now(), "counter", EventKinds.UPDATE_FINISHED, Map.of()));
            sendAdds(f, 1000);
            assertThat(f.ask("get")).isEqualTo(1001L);
            assertThat(f.activationCalls()).containsExactly(1L, 2L);
        }
    }

    @Test
    void anAfterEventTriggerCanWaitForARestart() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1,
            fault("first", "crash", "handle", Trigger.nth(1)).build(),
            FaultSpec.builder("after-restart").site("counter", "*.Counter", "step").type("wrong-return")
                .trigger(Trigger.nth(1).after(new EventMatch("restarted", "counter"))).build()))) {
            f.send("inc");
            f.run(Duration.ofMillis(5));
            f.send("inc");
            f.send("inc");
            assertThat(f.ask("get")).isEqualTo(3L);
            assertThat(f.activations()).extracting(a -> a.get("fault")).containsExactly("first", "after-restart");
        }
    }
}
