package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A running server's recovery policy changed at run time: the next restart uses the new one, the
 * spec and an event say so, and replay chosen mid-way waits for a checkpoint before replaying.
 * A checkpoint every 5 messages, as in {@link RecoveryPolicyTest}.
 */
class RecoveryChangeTest {

    private static NewtRuntime counter(final RecoveryPolicy initial) {
        final NewtRuntime rt = NewtRuntime.builder().seed(7)
            .server(Counter.spec("counter").withRecovery(initial).withCheckpoints(CheckpointPolicy.everyMessages(5)))
            .build();
        rt.start();
        return rt;
    }

    /** Sends {@code incs} increments, then a crash; returns the count after the restart and its policy. */
    private static long incThenCrash(final NewtRuntime rt, final int incs, final int restartsBefore) {
        final NewtClient c = rt.client("test" + restartsBefore);
        for (int i = 0; i < incs; i++) {
            assertThat(c.send("counter", "inc")).isTrue();
        }
        c.send("counter", "crash");
        rt.runUntil(() -> rt.events().ofType(ServerRestarted.class).size() > restartsBefore, Duration.ofSeconds(1));
        final CompletableFuture<Envelope> reply = c.request("counter", "get");
        assertThat(rt.runUntil(reply::isDone, Duration.ofSeconds(1))).isTrue();
        return (Long) Await.result(reply).payload();
    }

    @Test
    void theNextRestartUsesTheNewPolicy() {
        try (NewtRuntime rt = counter(RecoveryPolicy.CHECKPOINT)) {
            rt.changeRecovery("counter", RecoveryPolicy.FRESH);
            assertThat(rt.spec("counter").recovery()).isEqualTo(RecoveryPolicy.FRESH);
            assertThat(incThenCrash(rt, 13, 0)).isZero();
            assertThat(rt.events().ofType(ServerRestarted.class).get(0).policy()).isEqualTo("fresh");
            final CustomEvent e = rt.events().ofType(CustomEvent.class).stream()
                .filter(c -> c.kind().equals(EventKinds.RECOVERY_CHANGED)).findFirst().orElseThrow();
            assertThat(e.server()).isEqualTo("counter");
            assertThat(e.fields()).containsEntry("from", "checkpoint").containsEntry("to", "fresh");
        }
    }

    @Test
    void replayChosenMidWayRestoresTheCheckpointUntilTheNextOne() {
        try (NewtRuntime rt = counter(RecoveryPolicy.CHECKPOINT)) {
            final NewtClient c = rt.client("warm");
            for (int i = 0; i < 3; i++) {
                c.send("counter", "inc");
            }
            rt.runUntil(() -> false, Duration.ofMillis(5));
            rt.changeRecovery("counter", RecoveryPolicy.CHECKPOINT_REPLAY);
            // 3 incs not logged, then 8 logged: the checkpoint at the 5th makes the log whole, the
            // one at the 10th leaves the 11th in it, so the replay keeps the count in full.
            assertThat(incThenCrash(rt, 8, 0)).isEqualTo(11);
            assertThat(rt.events().ofType(ServerRestarted.class).get(0).policy()).isEqualTo("checkpoint+replay");
        }
        try (NewtRuntime rt = counter(RecoveryPolicy.CHECKPOINT)) {
            final NewtClient c = rt.client("warm");
            for (int i = 0; i < 6; i++) {
                c.send("counter", "inc");
            }
            rt.runUntil(() -> false, Duration.ofMillis(5));
            rt.changeRecovery("counter", RecoveryPolicy.CHECKPOINT_REPLAY);
            // Checkpoint at 5; the 6th was not logged and no checkpoint came since: a replay would
            // lose it silently, so the restart restores the checkpoint (5) and says so.
            assertThat(incThenCrash(rt, 2, 0)).isEqualTo(5);
            assertThat(rt.events().ofType(ServerRestarted.class).get(0).policy()).isEqualTo("checkpoint");
        }
    }

    @Test
    void anUnknownServerIsNamed() {
        try (NewtRuntime rt = counter(RecoveryPolicy.FRESH)) {
            assertThatThrownBy(() -> rt.changeRecovery("nope", RecoveryPolicy.FRESH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        }
    }
}
