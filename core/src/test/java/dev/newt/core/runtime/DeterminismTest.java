package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.RestartIntensity;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Four relays pass tokens around at random, with timers and random crashes under three recovery
 * policies; a sink logs what arrives. One seed must give the same event log byte for byte.
 */
class DeterminismTest {

    static final class Relay implements Server<Relay.State> {
        static final class State {
            long relayed;
            long ticks;
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final dev.newt.core.server.StartReason r) {
            ctx.setTimer(Duration.ofNanos(1000L * (50 + ctx.random().nextInt(50))), "tick");
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if (m.kind() == Kind.TIMER) {
                s.ticks++;
                ctx.setTimer(Duration.ofNanos(1000L * (50 + ctx.random().nextInt(50))), "tick");
                return s;
            }
            if (ctx.random().nextInt(100) < 3) {
                throw new IllegalStateException("random fault after " + s.relayed);
            }
            final int hops = (Integer) m.payload();
            s.relayed++;
            final String next = hops == 0 ? "sink" : "relay" + ctx.random().nextInt(4);
            ctx.send(next, hops == 0 ? (Object) (ctx.name() + ":" + s.relayed) : (Object) (hops - 1));
            return s;
        }
    }

    static final class Sink implements Server<dev.newt.core.server.NoState> {
        @Override
        public dev.newt.core.server.NoState handle(final ServerContext ctx, final dev.newt.core.server.NoState s,
                                                  final Envelope m) {
            ctx.emit(new CustomEvent(ctx.now(), ctx.name(), "arrived", Map.of("token", m.payload(), "from", m.from())));
            return s;
        }
    }

    private static String run(final long seed) {
        final RecoveryPolicy[] policies = {RecoveryPolicy.FRESH, RecoveryPolicy.CHECKPOINT,
            RecoveryPolicy.CHECKPOINT_REPLAY, RecoveryPolicy.CHECKPOINT};
        final NewtRuntime.Builder b = NewtRuntime.builder().seed(seed);
        for (int i = 0; i < 4; i++) {
            b.server(ServerSpec.of("relay" + i, Relay.State.class, Relay::new, Relay.State::new)
                .withRecovery(policies[i])
                .withCheckpoints(dev.newt.core.server.CheckpointPolicy.everyMessages(3))
                .withIntensity(new RestartIntensity(1000, Duration.ofSeconds(1)))
                .withBackoff(new Backoff(Duration.ofNanos(10_000), Duration.ofNanos(100_000))));
        }
        b.server(ServerSpec.of("sink", dev.newt.core.server.NoState.class, Sink::new,
            () -> dev.newt.core.server.NoState.INSTANCE));
        try (NewtRuntime rt = b.build()) {
            rt.start();
            final NewtClient c = rt.client("driver");
            for (int i = 0; i < 200; i++) {
                assertThat(c.send("relay" + (i % 4), 5)).isTrue();
            }
            rt.runFor(Duration.ofMillis(20));
            assertThat(rt.events().ofType(ServerCrashed.class)).hasSizeGreaterThan(5);
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSizeGreaterThan(5);
            assertThat(rt.events().ofType(CustomEvent.class)).hasSizeGreaterThan(100);
            return rt.events().sha256();
        }
    }

    @Test
    void sameSeedGivesTheSameEventLogByteForByte() {
        assertThat(run(42)).isEqualTo(run(42));
    }

    @Test
    void anotherSeedGivesAnotherInterleaving() {
        assertThat(run(42)).isNotEqualTo(run(43));
    }
}
