package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.GaveUp;
import dev.newt.core.event.RestartFailed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.NoState;
import dev.newt.core.server.RestartIntensity;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OTP's restart intensity: past N restarts in T the supervisor gives up and escalates. */
class RestartIntensityTest {

    @Test
    void crashLoopPastTheIntensityGivesUpAndEscalates() {
        final List<GaveUp> escalated = new ArrayList<>();
        try (NewtRuntime rt = NewtRuntime.builder().seed(5).onGiveUp(escalated::add)
            .server(Counter.spec("counter").withIntensity(new RestartIntensity(3, Duration.ofSeconds(5)))
                .withBackoff(Backoff.NONE))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            for (int i = 0; i < 6; i++) {
                c.send("counter", "crash");
            }
            rt.runFor(Duration.ofMillis(100));
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(3);
            assertThat(rt.events().ofType(GaveUp.class)).singleElement().satisfies(g -> {
                assertThat(g.server()).isEqualTo("counter");
                assertThat(g.restarts()).isEqualTo(3);
                assertThat(g.reason()).contains("crash requested");
            });
            assertThat(escalated).hasSize(1);
            assertThat(rt.status("counter").state()).isEqualTo(ServerState.GIVEN_UP);
            // Two crash messages were never taken: they wait in the mailbox, not silently dropped.
            assertThat(rt.status("counter").queued()).isEqualTo(2);
        }
    }

    @Test
    void restartsSpreadWiderThanTheWindowNeverGiveUp() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(5)
            .server(Counter.spec("counter").withIntensity(new RestartIntensity(2, Duration.ofMillis(10)))
                .withBackoff(Backoff.NONE))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            for (int i = 0; i < 5; i++) {
                c.send("counter", "crash");
                rt.runFor(Duration.ofMillis(20));
            }
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(5);
            assertThat(rt.events().ofType(GaveUp.class)).isEmpty();
        }
    }

    @Test
    void backoffDoublesTheDelayBetweenRestarts() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(5)
            .server(Counter.spec("counter").withIntensity(new RestartIntensity(10, Duration.ofSeconds(60)))
                .withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(4))))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            for (int i = 0; i < 4; i++) {
                c.send("counter", "crash");
            }
            rt.runFor(Duration.ofSeconds(1));
            final List<Long> downtimes = rt.events().ofType(ServerRestarted.class).stream()
                .map(ServerRestarted::downtimeNanos).toList();
            assertThat(downtimes).hasSize(4);
            // Downtime is the back-off plus the virtual cost of the restart step (1 µs).
            assertThat(downtimes).containsExactly(1_001_000L, 2_001_000L, 4_001_000L, 4_001_000L);
        }
    }

    /** Fails in onStart on every restart: a persistent fault. */
    static final class BrokenOnRestart implements Server<NoState> {
        @Override
        public NoState onStart(final ServerContext ctx, final NoState s, final StartReason reason) {
            if (reason != StartReason.FIRST_START) {
                throw new IllegalStateException("cannot start again");
            }
            return s;
        }

        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void failingRestartsAreRetriedWithoutBlockingTheSupervisorThenGiveUp() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(5)
            .server(ServerSpec.of("broken", NoState.class, BrokenOnRestart::new, () -> NoState.INSTANCE)
                .withIntensity(new RestartIntensity(3, Duration.ofSeconds(5))))
            .server(Counter.spec("counter"))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("broken", "x");
            rt.runFor(Duration.ofSeconds(1));
            assertThat(rt.events().ofType(RestartFailed.class)).hasSize(3)
                .allSatisfy(f -> assertThat(f.error()).contains("cannot start again"));
            assertThat(rt.events().ofType(GaveUp.class)).singleElement()
                .satisfies(g -> assertThat(g.reason()).contains("restart failed"));
            // The supervisor kept serving the rest of the system meanwhile.
            c.send("counter", "inc");
            rt.runFor(Duration.ofMillis(1));
            assertThat(rt.status("counter").handled()).isEqualTo(1);
        }
    }
}
