package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.NoState;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A timer set in {@code onStart} reaches the incarnation even when the real-time executors' timer
 * thread fires it before the start has finished (a workload that starts with a zero-delay tick).
 */
class StartTimerTest {

    /** Arms a zero-delay timer, then takes its time finishing the start; records the timer. */
    static final class SlowStarter implements Server<NoState> {
        @Override
        public NoState onStart(final ServerContext ctx, final NoState s, final StartReason reason) {
            ctx.setTimer(Duration.ZERO, "tick");
            // Long enough for the timer thread to fire the timer while the start is still running.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            return s;
        }

        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            ctx.emit(new CustomEvent(ctx.now(), ctx.name(), "fired", Map.of("payload", m.payload())));
            return s;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"threaded", "pooled"})
    void timerArmedInOnStartFiresAfterASlowStart(final String executor) throws Exception {
        final NewtRuntime.Builder b = executor.equals("pooled") ? NewtRuntime.builder().pooled(1, "park")
            : NewtRuntime.builder().threaded("park");
        try (NewtRuntime rt = b.server(ServerSpec.of("slow", NoState.class, SlowStarter::new,
            () -> NoState.INSTANCE)).build()) {
            rt.start();
            final CustomEvent fired = (CustomEvent) rt.events().await(e -> e instanceof CustomEvent,
                Duration.ofSeconds(10));
            assertThat(fired.fields()).containsEntry("payload", "tick");
        }
    }
}
