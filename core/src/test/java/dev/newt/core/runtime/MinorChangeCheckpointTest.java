package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CorruptionDetected;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint after messages that changed only minor things ({@link ServerContext#minorChange})
 * waits, for at most the policy's {@code minorWait} of them, for a message that changes more; the
 * audit does not wait; a replay restores what waited, a restore alone loses it and says so.
 */
class MinorChangeCheckpointTest {
    /** What each start saw, across incarnations. */
    static final List<String> STARTS = new ArrayList<>();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** "count" changes a counter (minor), "add" the real state, "poison" corrupts it, "crash" fails. */
    static final class Tally implements Server<Tally.State> {
        /** The state. */
        public static final class State {
            /** Minor: a statistic. */
            public long counted;
            /** What matters; the audit wants it non-negative. */
            public long total;
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final StartReason r) {
            STARTS.add(r + " lost " + ctx.messagesLost() + " counted " + s.counted + " total " + s.total);
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            switch ((String) m.payload()) {
                case "count" -> {
                    s.counted++;
                    ctx.minorChange();
                }
                case "add" -> s.total++;
                case "poison" -> {
                    s.total = -1;
                    ctx.minorChange(); // a lie, as a corrupting fault would tell it
                }
                case "crash" -> throw new IllegalStateException("crash requested");
                default -> throw new IllegalArgumentException(m.payload().toString());
            }
            return s;
        }

        @Override
        public Optional<String> audit(final State s) {
            return s.total < 0 ? Optional.of("negative total") : Optional.empty();
        }
    }

    private static NewtRuntime runtime(final RecoveryPolicy policy, final int minorWait) {
        return NewtRuntime.builder().seed(1).simulated()
            .server(ServerSpec.of("t", Tally.State.class, Tally::new, Tally.State::new).withRecovery(policy)
                .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE.withMinorWait(minorWait)).withBackoff(Backoff.NONE))
            .build();
    }

    private static void send(final NewtRuntime rt, final String what, final int times) {
        final NewtClient c = rt.client("client-" + CLIENTS.incrementAndGet());
        for (int i = 0; i < times; i++) {
            c.send("t", what);
        }
        rt.runFor(Duration.ofMillis(1));
    }

    @Test
    void minorChangesWaitForAChangeOrTheBound() {
        try (NewtRuntime rt = runtime(RecoveryPolicy.CHECKPOINT, 4)) {
            rt.start();
            rt.runFor(Duration.ofMillis(1));
            final long start = rt.store().puts();
            send(rt, "count", 3);
            assertThat(rt.store().puts()).as("three minor changes wait").isEqualTo(start);
            send(rt, "add", 1);
            assertThat(rt.store().puts()).as("a change takes the checkpoint, with them").isEqualTo(start + 1);
            assertThat(rt.checkpointedState("t", Tally.State.class).counted).isEqualTo(3);
            send(rt, "count", 4);
            assertThat(rt.store().puts()).as("the fourth minor change in a row is the bound").isEqualTo(start + 2);
            assertThat(rt.checkpointedState("t", Tally.State.class).counted).isEqualTo(7);
        }
    }

    @Test
    void withoutAWaitEveryMinorChangeIsCheckpointed() {
        try (NewtRuntime rt = runtime(RecoveryPolicy.CHECKPOINT, 0)) {
            rt.start();
            rt.runFor(Duration.ofMillis(1));
            final long start = rt.store().puts();
            send(rt, "count", 3);
            assertThat(rt.store().puts()).isEqualTo(start + 3);
        }
    }

    @Test
    void aRestoreLosesTheWaitingChangesAndSaysSoAReplayKeepsThem() {
        STARTS.clear();
        try (NewtRuntime rt = runtime(RecoveryPolicy.CHECKPOINT, 64)) {
            rt.start();
            send(rt, "add", 1);
            send(rt, "count", 5);
            send(rt, "crash", 1);
        }
        assertThat(STARTS).containsExactly("FIRST_START lost 0 counted 0 total 0",
            "RESTART_CHECKPOINT lost 5 counted 0 total 1");
        STARTS.clear();
        try (NewtRuntime rt = runtime(RecoveryPolicy.CHECKPOINT_REPLAY, 64)) {
            rt.start();
            send(rt, "add", 1);
            send(rt, "count", 5);
            send(rt, "crash", 1);
        }
        assertThat(STARTS).containsExactly("FIRST_START lost 0 counted 0 total 0",
            "RESTART_REPLAY lost 0 counted 5 total 1");
    }

    @Test
    void theAuditRunsWhereTheCheckpointWouldHave() {
        STARTS.clear();
        try (NewtRuntime rt = runtime(RecoveryPolicy.CHECKPOINT, 64)) {
            rt.start();
            send(rt, "add", 1);
            send(rt, "count", 2);
            send(rt, "poison", 1);
            assertThat(rt.events().snapshot()).filteredOn(e -> e instanceof CorruptionDetected).hasSize(1);
        }
        assertThat(STARTS).as("the corruption was never saved").containsExactly(
            "FIRST_START lost 0 counted 0 total 0", "RESTART_CHECKPOINT lost 3 counted 0 total 1");
    }
}
