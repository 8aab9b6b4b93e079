package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.message.Envelope;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.faults.testabi.Add;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Message faults on what a server sends ({@code direction: send}): the woven method gets a context
 * that corrupts, drops or duplicates the first message it sends.
 */
class SentMessageFaultTest {

    private static FaultSpec.Builder onSend(final String type, final Trigger trigger) {
        return fault("out", type, "handle", trigger).param("direction", "send");
    }

    private static List<Object> inbox(final Fixture f) {
        final List<Object> got = new ArrayList<>();
        for (Envelope e = f.client.poll(); e != null; e = f.client.poll()) {
            got.add(e.payload());
        }
        return got;
    }

    @Test
    void aCorruptedReplyReachesTheRequesterWhileTheServerKeepsItsState() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, onSend("corrupt-message", Trigger.nth(4)).build()))) {
            f.send("inc");
            f.send("inc");
            f.send("inc");
            final long answer = (Long) f.ask("get");
            assertThat(Long.bitCount(answer ^ 3L)).isEqualTo(1);
            assertThat(f.ask("get")).isEqualTo(3L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("direction", "send").containsEntry("to", "test").containsEntry("kind", "REPLY")
                .containsEntry("payload", "Long").containsEntry("old", "3")
                .containsEntry("new", String.valueOf(answer)));
        }
    }

    @Test
    void aDroppedMessageNeverArrivesAndADroppedReplyLeavesTheRequesterWaiting() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, onSend("drop-message", Trigger.always().persistently())
            .build()))) {
            f.send("inc");
            f.send("report");
            f.run(Duration.ofMillis(5));
            assertThat(inbox(f)).isEmpty();
            final var get = f.client.request("counter", "get");
            assertThat(f.rt.runUntil(get::isDone, Duration.ofMillis(100))).isFalse();
            assertThat(f.client.pendingRequests()).isEqualTo(1);
            assertThat(f.activations()).extracting(a -> a.get("applied"), a -> a.get("kind")).containsExactly(
                org.assertj.core.groups.Tuple.tuple(false, null), org.assertj.core.groups.Tuple.tuple(null, "MESSAGE"),
                org.assertj.core.groups.Tuple.tuple(null, "REPLY"));
            assertThat(f.activations().get(0)).containsEntry("reason", "the method sent nothing");
        }
    }

    @Test
    void aDuplicatedMessageArrivesTwiceAndADuplicatedReplyIsAnOrphan() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, onSend("duplicate-message", Trigger.always().persistently())
            .build()))) {
            f.send(new Add(2));
            f.send("report");
            f.run(Duration.ofMillis(5));
            assertThat(inbox(f)).containsExactly(new Add(2), new Add(2));
            assertThat(f.ask("get")).isEqualTo(2L);
            f.run(Duration.ofMillis(1));
            assertThat(f.rt.events().ofType(ReplyOrphaned.class)).hasSize(1);
        }
    }

    @Test
    void aReceiverPatternLimitsWhichMessagesTheFaultTakes() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, onSend("drop-message", Trigger.nth(1)).param("to", "nic*")
            .build()))) {
            assertThat(f.ask("get")).isEqualTo(0L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a).containsEntry("applied", false)
                .containsEntry("reason", "the method sent nothing to nic*"));
        }
    }

    @Test
    void aSendSideFaultNeedsAMethodThatTakesAContext() {
        assertThatThrownBy(() -> FaultInjector.of(FaultPlan.of(1, fault("out", "drop-message", "step", Trigger.nth(1))
            .param("direction", "send").build())).weave("counter", Fixture.image()))
            .hasMessageContaining("Counter#step()J takes no ServerContext to send with");
    }
}
