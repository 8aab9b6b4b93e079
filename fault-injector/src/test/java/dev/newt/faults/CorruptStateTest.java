package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.ServerRestarted;
import dev.newt.faults.testabi.Add;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A corrupt-state fault changes one value of the server's state, found by reflection through
 * primitives, strings, collections, nested objects and records; the server's audit catches it.
 */
class CorruptStateTest {

    private static FaultSpec.Builder corrupt(final String id, final String field, final String mode) {
        final FaultSpec.Builder b = fault(id, "corrupt-state", "handle", Trigger.nth(3)).param("mode", mode);
        return field == null ? b : b.param("field", field);
    }

    private static void detectedAndRecovered(final Fixture f, final String violation) {
        assertThat(f.rt.events().ofType(CorruptionDetected.class)).singleElement()
            .satisfies(c -> assertThat(c.violation()).contains(violation));
        assertThat(f.rt.events().ofType(ServerRestarted.class)).hasSize(1);
    }

    @Test
    void aFlippedBitInANamedPrimitiveFieldIsCaughtByTheAuditAndTheLastSoundCheckpointRestored() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, corrupt("flip-count", "count", "flip-bit").build()))) {
            for (int i = 0; i < 4; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(5));
            detectedAndRecovered(f, "is not the sum of the history 3");
            final Map<String, Object> a = f.activations().get(0);
            assertThat(a).containsEntry("field", "count").containsEntry("old", "3").containsEntry("mode", "flip-bit");
            assertThat(Long.bitCount(Long.parseLong((String) a.get("new")) ^ 3L)).isEqualTo(1);
            // The corrupted third inc was never checkpointed: 2 survived, and the fourth inc came after.
            assertThat(f.ask("get")).isEqualTo(3L);
        }
    }

    @Test
    void anElementOfACollectionAndANestedObjectAreReachable() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, corrupt("hist", "history[1]", "randomise").build()))) {
            for (int i = 0; i < 3; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(5));
            detectedAndRecovered(f, "is not the sum of the history");
            assertThat(f.activations().get(0)).containsEntry("field", "history[1]").containsEntry("old", "1");
        }
        try (Fixture f = Fixture.counter(FaultPlan.of(1, corrupt("meta", "meta.owner", "null").build()))) {
            for (int i = 0; i < 3; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(5));
            detectedAndRecovered(f, "label or meta missing");
            assertThat(f.activations().get(0)).containsEntry("field", "meta.owner").containsEntry("old", "newt")
                .containsEntry("new", "null");
        }
    }

    @Test
    void aNestedRecordStateIsRebuiltWithTheCorruptedValue() {
        try (Fixture f = Fixture.ledger(FaultPlan.of(1, FaultSpec.builder("amount")
            .site("ledger", "*.Ledger", "handle").type("corrupt-state").trigger(Trigger.nth(2))
            .param("field", "entries[0].amount").build()))) {
            f.send(new Add(5));
            f.send(new Add(7));
            f.run(Duration.ofMillis(5));
            detectedAndRecovered(f, "is not the sum of the entries");
            assertThat(f.activations().get(0)).containsEntry("field", "entries[0].amount").containsEntry("old", "5");
            assertThat(f.ask("total")).isEqualTo(5L);
        }
    }

    @Test
    void atEntryTheHandlerWorksOnTheCorruptedRecordState() {
        try (Fixture f = Fixture.ledger(FaultPlan.of(1, FaultSpec.builder("owner")
            .site("ledger", "*.Ledger", "handle").type("corrupt-state").trigger(Trigger.nth(1))
            .param("at", "entry").param("field", "owner").param("mode", "randomise").build()))) {
            final Object owner = f.ask("owner");
            assertThat(owner).isNotEqualTo("alice").asString().hasSize(5);
            assertThat(f.activations().get(0)).containsEntry("field", "owner").containsEntry("old", "alice")
                .containsEntry("new", owner);
        }
    }

    private static Map<String, Object> seedChosen(final long seed) {
        try (Fixture f = Fixture.counter(FaultPlan.of(seed, corrupt("any", null, "flip-bit").build()))) {
            for (int i = 0; i < 3; i++) {
                f.send("inc");
            }
            f.run(Duration.ofMillis(5));
            return f.activations().get(0);
        }
    }

    @Test
    void withoutANamedFieldTheSeedChoosesTheValueAndTheBitTheSameWayEveryRun() {
        final Map<String, Object> a = seedChosen(11);
        assertThat(a).containsKeys("field", "old", "new");
        assertThat(seedChosen(11)).isEqualTo(a);
        assertThat(java.util.stream.LongStream.range(12, 20).mapToObj(CorruptStateTest::seedChosen)
            .map(m -> m.get("field") + "=" + m.get("new")).distinct().count()).isGreaterThan(1);
    }

    @Test
    void aFieldThatDoesNotExistIsReportedAsNotApplied() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, corrupt("nope", "cuont", "flip-bit").build()))) {
            for (int i = 0; i < 3; i++) {
                f.send("inc");
            }
            assertThat(f.ask("get")).isEqualTo(3L);
            assertThat(f.activations().get(0)).containsEntry("applied", false)
                .hasEntrySatisfying("reason", r -> assertThat((String) r)
                    .contains("no field 'cuont'").contains("count, history, label, meta"));
        }
    }
}
