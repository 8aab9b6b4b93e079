package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Replay rebuilds a state built from random draws and the clock exactly as it was. */
class ReplayFidelityTest {

    /** Folds a random draw and the clock into a digest on every "mix"; answers "get"; crashes on "crash". */
    static final class Mixer implements Server<Mixer.State> {
        static final class State {
            long digest;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            switch ((String) m.payload()) {
                case "mix" -> s.digest = s.digest * 31 + ctx.random().nextLong() + ctx.now();
                case "get" -> ctx.reply(m, s.digest);
                default -> throw new IllegalStateException("crash");
            }
            return s;
        }
    }

    private static long digest(final boolean crash) {
        try (NewtRuntime rt = NewtRuntime.builder().seed(12)
            .server(ServerSpec.of("mixer", Mixer.State.class, Mixer::new, Mixer.State::new)
                .withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY).withCheckpoints(CheckpointPolicy.everyMessages(50)))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            for (int i = 0; i < 20; i++) {
                c.send("mixer", "mix");
            }
            rt.runFor(Duration.ofMillis(1));
            if (crash) {
                c.send("mixer", "crash");
                rt.runUntil(() -> !rt.events().ofType(ServerRestarted.class).isEmpty(), Duration.ofSeconds(1));
                assertThat(rt.events().ofType(ServerRestarted.class).get(0).replayed()).isEqualTo(20);
            }
            final CompletableFuture<Envelope> get = c.request("mixer", "get");
            rt.runUntil(get::isDone, Duration.ofSeconds(1));
            return (Long) Await.result(get).payload();
        }
    }

    @Test
    void replayedStateEqualsTheStateBeforeTheCrash() {
        assertThat(digest(true)).isEqualTo(digest(false));
    }
}
