package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.event.StaleRequestDropped;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The race a restart opens: the restored server holds a request in its checkpoint, the requester
 * resubmits it on the restart notice, and the restored server answers the held one before the copy
 * arrives. The copy must not be served a second time.
 */
class StaleRequestTest {

    @Test
    void resubmittedCopyOfARequestAnsweredMeanwhileIsDroppedUnserved() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(6)
            .server(ServerSpec.of("mailman", DeferredReplyTest.Mailman.State.class, DeferredReplyTest.Mailman::new,
                DeferredReplyTest.Mailman.State::new).withRecovery(RecoveryPolicy.CHECKPOINT))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            final CompletableFuture<Envelope> wait = c.request("mailman", "wait");
            c.send("mailman", "crash");
            c.send("mailman", "release");
            rt.runUntil(wait::isDone, Duration.ofSeconds(1));
            assertThat(Await.result(wait).payload()).isEqualTo("delivered");
            rt.runFor(Duration.ofMillis(1));
            // The client resubmitted "wait" on the restart notice; "release" answered the held one first.
            assertThat(rt.events().ofType(StaleRequestDropped.class)).singleElement()
                .satisfies(d -> assertThat(d.correlationId()).isEqualTo(Await.result(wait).correlationId()));
            assertThat(rt.checkpointedState("mailman", DeferredReplyTest.Mailman.State.class).waiting).isEmpty();
            c.send("mailman", "release");
            rt.runFor(Duration.ofMillis(1));
            assertThat(rt.events().ofType(ReplyOrphaned.class)).isEmpty();
        }
    }
}
