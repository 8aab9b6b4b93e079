package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.event.RuntimeError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bug in the runtime itself (here: a timer action or an update listener that throws, out of
 * reach of any server's handler) goes to the executor's error handler, by default a
 * {@code runtime-error} event, and never to standard error.
 */
class RuntimeErrorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void captureStandardError() {
        realErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(realErr);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** A swap listener that throws when the server is held: the worker carrying out the hold catches it. */
    static final class ThrowingListener implements ServerSwap.Listener {
        @Override
        public void held(final ServerSwap swap, final byte[] checkpoint) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void started(final ServerSwap swap) {
        }

        @Override
        public void resumed(final ServerSwap swap) {
        }

        @Override
        public void failed(final ServerSwap swap, final String stage, final String reason) {
        }

        @Override
        public void rolledBack(final ServerSwap swap, final boolean switched, final int replayed, final String problem) {
        }
    }

    private static void throwingTimerBecomesAnEvent(final UnaryOperator<NewtRuntime.Builder> executor)
        throws Exception {
        try (NewtRuntime rt = executor.apply(NewtRuntime.builder().server(ServerSwapTest.gate("g"))).build()) {
            rt.start();
            rt.schedule(Duration.ZERO, () -> {
                throw new IllegalStateException("timer bug");
            });
            final RuntimeError e = (RuntimeError) rt.events().await(RuntimeError.class::isInstance, WAIT);
            assertThat(e.server()).isEqualTo("timers");
            assertThat(e.error()).isEqualTo(IllegalStateException.class.getName());
            assertThat(e.message()).isEqualTo("timer bug");
            assertThat(e.at()).startsWith(RuntimeErrorTest.class.getName() + ".");
        }
    }

    private static void throwingListenerOnAWorkerBecomesAnEvent(final UnaryOperator<NewtRuntime.Builder> executor)
        throws Exception {
        try (NewtRuntime rt = executor.apply(NewtRuntime.builder().server(ServerSwapTest.gate("g"))).build()) {
            rt.start();
            rt.swap("g", new ThrowingListener()).hold();
            final RuntimeError e = (RuntimeError) rt.events().await(RuntimeError.class::isInstance, WAIT);
            assertThat(e.server()).isEqualTo("g");
            assertThat(e.message()).isEqualTo("listener bug");
        }
    }

    @Test
    void aThrowingTimerActionOnTheSystemThreadIsARuntimeErrorEvent() throws Exception {
        throwingTimerBecomesAnEvent(b -> b.threaded("park"));
        throwingTimerBecomesAnEvent(b -> b.pooled(1, "park"));
    }

    @Test
    void aBugOnAServersWorkerIsARuntimeErrorEvent() throws Exception {
        throwingListenerOnAWorkerBecomesAnEvent(b -> b.threaded("park"));
        throwingListenerOnAWorkerBecomesAnEvent(b -> b.pooled(1, "park"));
    }

    @Test
    void theSimulationRecordsARuntimeErrorThenStopsAtIt() {
        try (NewtRuntime rt = NewtRuntime.builder().server(ServerSwapTest.gate("g")).build()) {
            rt.start();
            rt.swap("g", new ThrowingListener()).hold();
            assertThatThrownBy(() -> rt.runFor(Duration.ofMillis(1))).hasMessage("listener bug");
            assertThat(rt.events().ofType(RuntimeError.class)).singleElement()
                .satisfies(e -> assertThat(e.server()).isEqualTo("g"));
        }
    }

    @Test
    void anInjectedHandlerHearsInsteadOfTheEventLog() throws Exception {
        final List<String> heard = new CopyOnWriteArrayList<>();
        final CountDownLatch once = new CountDownLatch(1);
        try (NewtRuntime rt = NewtRuntime.builder().threaded("park")
                .onRuntimeError((where, error) -> {
                    heard.add(where + ": " + error.getMessage());
                    once.countDown();
                })
                .server(ServerSwapTest.gate("g")).build()) {
            rt.start();
            rt.schedule(Duration.ZERO, () -> {
                throw new IllegalStateException("timer bug");
            });
            assertThat(once.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(heard).containsExactly("timers: timer bug");
            assertThat(rt.events().ofType(RuntimeError.class)).isEmpty();
        }
    }
}
