package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.NoState;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server that fails while handling a reply gets that reply once more after its restart: no one
 * else would send it again, and the request it answers would wait forever.
 */
class ReplyRetryTest {
    /** Squares numbers. */
    static final class Squarer implements Server<NoState> {
        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            ctx.reply(m, (Integer) m.payload() * (Integer) m.payload());
            return s;
        }
    }

    /** Asks for 3*3 on "go" and records the answer; its first {@code crashes} replies crash it. */
    static final class Asker implements Server<Asker.State> {
        static final class State {
            List<Integer> answers = new ArrayList<>();
        }

        private final AtomicInteger crashes;

        Asker(final AtomicInteger crashes) {
            this.crashes = crashes;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if (m.kind() == Kind.REPLY) {
                if (crashes.getAndDecrement() > 0) {
                    throw new IllegalStateException("fault while handling the reply");
                }
                s.answers.add((Integer) m.payload());
            } else {
                ctx.request("squarer", 3);
            }
            return s;
        }
    }

    private static List<Integer> answersAfter(final int faults, final int expectedRestarts) {
        final AtomicInteger crashes = new AtomicInteger(faults);
        try (NewtRuntime rt = NewtRuntime.builder().seed(4)
            .server(ServerSpec.of("squarer", NoState.class, Squarer::new, () -> NoState.INSTANCE))
            .server(ServerSpec.of("asker", Asker.State.class, () -> new Asker(crashes),
                Asker.State::new).withRecovery(RecoveryPolicy.CHECKPOINT))
            .build()) {
            rt.start();
            rt.client("test").send("asker", "go");
            rt.runFor(Duration.ofMillis(50));
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(expectedRestarts);
            assertThat(rt.events().ofType(ReplyOrphaned.class)).isEmpty();
            return rt.checkpointedState("asker", Asker.State.class).answers;
        }
    }

    @Test
    void aReplyWhoseHandlingFailedIsDeliveredAgainAfterTheRestart() {
        assertThat(answersAfter(1, 1)).containsExactly(9);
    }

    @Test
    void aReplyThatFailsTwiceIsDroppedRatherThanLoopingTheServer() {
        assertThat(answersAfter(5, 2)).isEmpty();
    }
}
