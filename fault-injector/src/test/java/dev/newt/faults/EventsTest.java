package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventJson;
import dev.newt.core.event.EventKinds;
import dev.newt.faults.inject.FaultInjector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every arming, activation, disarming and missed activation is an event in the runtime's log. */
class EventsTest {

    @Test
    void armedActivatedDisarmedAndNotActivatedAreRecordedInOrder() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1,
            fault("hit", "wrong-return", "step", Trigger.nth(1)).build(),
            fault("miss", "crash", "handle", Trigger.nth(100)).build()))) {
            f.send("inc");
            f.run(Duration.ofMillis(1));
            f.faults.finish();
            assertThat(f.rt.events().ofType(CustomEvent.class)).extracting(e -> e.kind() + " " + e.fields().get("fault"))
                .containsExactly("fault-armed hit", "fault-armed miss", "fault-activated hit", "fault-disarmed hit",
                    "fault-not-activated miss", "fault-disarmed miss");
            assertThat(f.events(EventKinds.FAULT_ARMED).get(0).fields()).containsEntry("type", "wrong-return")
                .containsEntry("site", "counter:*.Counter#step").containsEntry("trigger", "nth=1, once")
                .containsEntry("sites", 1).containsEntry("mode", "off-by-one");
            assertThat(f.events(EventKinds.FAULT_NOT_ACTIVATED)).singleElement().satisfies(e -> {
                assertThat(e.server()).isEqualTo("counter");
                assertThat(e.fields()).containsEntry("calls", 1L).containsEntry("trigger", "nth=100, once");
            });
            assertThat(f.events(EventKinds.FAULT_DISARMED).get(1).fields()).containsEntry("reason", "end of run")
                .containsEntry("activations", 0);
        }
    }

    @Test
    void faultEventsSurviveTheJsonLinesRoundTrip() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("flip", "corrupt-state", "handle", Trigger.nth(1))
            .param("field", "count").build()))) {
            f.send("inc");
            f.run(Duration.ofMillis(1));
            final CustomEvent a = f.events(EventKinds.FAULT_ACTIVATED).get(0);
            final Event back = EventJson.fromLine(EventJson.toLine(a));
            assertThat(back).isInstanceOf(CustomEvent.class);
            assertThat(((CustomEvent) back).fields()).containsEntry("field", "count").containsEntry("old", "1");
        }
    }

    private static String wholeLog(final long seed) {
        try (Fixture f = Fixture.counter(FaultPlan.of(seed,
            fault("coin", "corrupt-state", "handle", Trigger.probability(0.2).persistently()).build(),
            fault("jitter", "delay", "step", Trigger.every(3).persistently()).param("delay", "1ms")
                .param("jitter", "1ms").build()))) {
            for (int i = 0; i < 30; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(200));
            f.faults.finish();
            return f.rt.events().sha256();
        }
    }

    @Test
    void theSameSeedGivesTheSameEventLogByteForByte() {
        assertThat(wholeLog(3)).isEqualTo(wholeLog(3)).isNotEqualTo(wholeLog(4));
    }

    @Test
    void candidateSitesOfAnImageAndOfAClassAreListed() {
        final List<CandidateSite> sites = FaultInjector.listSites(Fixture.image());
        assertThat(sites).extracting(CandidateSite::toString)
            .contains("dev.newt.faults.testservers.Counter#step()J")
            .anySatisfy(s -> assertThat(s).startsWith("dev.newt.faults.testservers.Ledger#handle("));
        assertThat(sites).filteredOn(s -> s.method().equals("handle") && s.className().endsWith(".Counter"))
            .singleElement().satisfies(s -> assertThat(s.signature())
                .isEqualTo("State handle(ServerContext, State, Envelope)"));
        assertThat(FaultInjector.listSites(FaultInjector.class)).extracting(CandidateSite::method)
            .contains("weave", "install", "finish");
    }
}
