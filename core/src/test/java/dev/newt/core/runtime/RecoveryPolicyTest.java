package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * 13 increments with a checkpoint every 5 messages, then a crash: each policy must keep exactly
 * the state it promises.
 */
class RecoveryPolicyTest {

    private static long countAfterCrash(final RecoveryPolicy policy) {
        try (NewtRuntime rt = NewtRuntime.builder().seed(7)
            .server(Counter.spec("counter").withRecovery(policy).withCheckpoints(CheckpointPolicy.everyMessages(5)))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            for (int i = 0; i < 13; i++) {
                assertThat(c.send("counter", "inc")).isTrue();
            }
            c.send("counter", "crash");
            rt.runUntil(() -> !rt.events().ofType(ServerRestarted.class).isEmpty(), Duration.ofSeconds(1));
            final CompletableFuture<Envelope> reply = c.request("counter", "get");
            assertThat(rt.runUntil(reply::isDone, Duration.ofSeconds(1))).isTrue();
            assertThat(rt.events().ofType(ServerCrashed.class)).hasSize(1);
            final ServerRestarted r = rt.events().ofType(ServerRestarted.class).get(0);
            assertThat(r.policy()).isEqualTo(policy.label());
            assertThat(r.epoch()).isEqualTo(2);
            return (Long) Await.result(reply).payload();
        }
    }

    @Test
    void freshRestartForgetsEverything() {
        assertThat(countAfterCrash(RecoveryPolicy.FRESH)).isZero();
    }

    @Test
    void checkpointRestartKeepsTheLastCheckpoint() {
        assertThat(countAfterCrash(RecoveryPolicy.CHECKPOINT)).isEqualTo(10);
    }

    @Test
    void checkpointReplayRestartKeepsEveryMessageButTheFailingOne() {
        assertThat(countAfterCrash(RecoveryPolicy.CHECKPOINT_REPLAY)).isEqualTo(13);
    }
}
