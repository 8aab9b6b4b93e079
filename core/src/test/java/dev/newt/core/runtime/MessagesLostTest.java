package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restarted server is told how many messages the state it was restored from lacks. */
class MessagesLostTest {
    /** What each start was told, across incarnations (a static list: the state would be restored). */
    static final List<String> STARTS = new ArrayList<>();

    static final class Counting implements Server<Counting.State> {
        static final class State {
            long count;
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final StartReason r) {
            STARTS.add(r + " lost " + ctx.messagesLost() + " count " + s.count);
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if (m.payload().equals("crash")) {
                throw new IllegalStateException("crash requested");
            }
            s.count++;
            return s;
        }
    }

    private static List<String> startsAfterFiveIncsAndACrash(final RecoveryPolicy policy) {
        STARTS.clear();
        try (NewtRuntime rt = NewtRuntime.builder().seed(1)
            .server(ServerSpec.of("c", Counting.State.class, Counting::new, Counting.State::new)
                .withRecovery(policy).withCheckpoints(CheckpointPolicy.everyMessages(3)).withBackoff(Backoff.NONE))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            for (int i = 0; i < 5; i++) {
                c.send("c", "inc");
            }
            c.send("c", "crash");
            rt.runFor(Duration.ofMillis(10));
            return List.copyOf(STARTS);
        }
    }

    @Test
    void aCheckpointRestoreIsToldTheMessagesHandledSinceTheCheckpoint() {
        // Checkpoints at the start and after the third message: the fourth and fifth are lost.
        assertThat(startsAfterFiveIncsAndACrash(RecoveryPolicy.CHECKPOINT))
            .containsExactly("FIRST_START lost 0 count 0", "RESTART_CHECKPOINT lost 2 count 3");
    }

    @Test
    void aReplayLosesNothingAndAFreshRestartEverything() {
        assertThat(startsAfterFiveIncsAndACrash(RecoveryPolicy.CHECKPOINT_REPLAY))
            .containsExactly("FIRST_START lost 0 count 0", "RESTART_REPLAY lost 0 count 5");
        assertThat(startsAfterFiveIncsAndACrash(RecoveryPolicy.FRESH))
            .containsExactly("FIRST_START lost 0 count 0", "RESTART_FRESH lost 5 count 0");
    }
}
