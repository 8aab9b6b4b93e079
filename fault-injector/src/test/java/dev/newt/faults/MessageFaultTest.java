package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ReplyOrphaned;
import dev.newt.faults.testabi.Add;
import dev.newt.faults.testabi.Note;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults on the messages a server receives: corrupted, dropped or delivered twice. */
class MessageFaultTest {

    @Test
    void aCorruptedMessageIsACopyTheSenderNeverSeesChanged() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("garble", "corrupt-message", "handle", Trigger.nth(1))
            .param("field", "n").build()))) {
            final Add sent = new Add(4);
            f.send(sent);
            final long got = (Long) f.ask("get");
            assertThat(got).isNotEqualTo(4L);
            assertThat(Long.bitCount(got ^ 4L)).isEqualTo(1);
            assertThat(sent.n()).isEqualTo(4L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("from", "test").containsEntry("kind", "MESSAGE").containsEntry("payload", "Add")
                .containsEntry("field", "n").containsEntry("old", "4").containsEntry("new", String.valueOf(got)));
        }
    }

    @Test
    void corruptionReachesIntoCollectionsOfAMessage() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("tags", "corrupt-message", "handle", Trigger.nth(1))
            .param("field", "text").param("mode", "randomise").build()))) {
            final Note sent = new Note("hello", List.of("a", "b"));
            f.send(sent);
            assertThat(f.ask("label")).asString().hasSize(5).isNotEqualTo("hello");
            assertThat(sent.text()).isEqualTo("hello");
        }
    }

    @Test
    void aDroppedMessageLeavesTheStateAsItWas() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("drop-2", "drop-message", "handle", Trigger.nth(2))
            .build()))) {
            f.send("inc");
            f.send(new Add(10));
            f.send("inc");
            assertThat(f.ask("get")).isEqualTo(2L);
            assertThat(f.ask("history")).isEqualTo(2L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("call", 2L).containsEntry("payload", "Add").containsEntry("from", "test"));
            assertThat(f.rt.status("counter").restarts()).isZero();
        }
    }

    @Test
    void aDuplicatedMessageIsHandledTwiceOnTheStateTheFirstDeliveryLeft() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("dup", "duplicate-message", "handle", Trigger.nth(1))
            .build()))) {
            f.send(new Add(5));
            assertThat(f.ask("get")).isEqualTo(10L);
            assertThat(f.ask("history")).isEqualTo(2L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a).containsEntry("payload", "Add"));
        }
    }

    @Test
    void aDuplicatedRequestIsAnsweredTwiceAndTheSecondAnswerIsAnOrphan() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("dup", "duplicate-message", "handle", Trigger.nth(1))
            .build()))) {
            assertThat(f.ask("get")).isEqualTo(0L);
            f.run(Duration.ofMillis(1));
            assertThat(f.rt.events().ofType(ReplyOrphaned.class)).singleElement()
                .satisfies(o -> assertThat(o.server()).isEqualTo("test"));
        }
    }
}
