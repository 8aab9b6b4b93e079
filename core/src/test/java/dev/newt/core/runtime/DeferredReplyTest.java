package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A server answers a request later, from a ReplyTo kept in its checkpointed state, even after a crash. */
class DeferredReplyTest {

    /** Holds "wait" requests until a "release" message, then answers them all; "crash" crashes. */
    static final class Mailman implements Server<Mailman.State> {
        static final class State {
            List<ReplyTo> waiting = new ArrayList<>();
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            switch ((String) m.payload()) {
                case "wait" -> s.waiting.add(ctx.replyTo(m));
                case "release" -> {
                    s.waiting.forEach(r -> ctx.reply(r, "delivered"));
                    s.waiting.clear();
                }
                default -> throw new IllegalStateException("crash");
            }
            return s;
        }
    }

    @Test
    void restoredServerAnswersRequestsItsDeadIncarnationAccepted() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(4)
            .server(ServerSpec.of("mailman", Mailman.State.class, Mailman::new, Mailman.State::new)
                .withRecovery(RecoveryPolicy.CHECKPOINT))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            final CompletableFuture<Envelope> a = c.request("mailman", "wait");
            final CompletableFuture<Envelope> b = c.request("mailman", "wait");
            rt.runFor(Duration.ofMillis(1));
            c.send("mailman", "crash");
            c.send("mailman", "release");
            rt.runUntil(() -> a.isDone() && b.isDone(), Duration.ofSeconds(1));
            assertThat(Await.result(a).payload()).isEqualTo("delivered");
            assertThat(Await.result(b).payload()).isEqualTo("delivered");
            assertThat(rt.status("mailman").restarts()).isEqualTo(1);
        }
    }
}
