package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.composite.CompositeSpecs;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.store.StateCodec;
import dev.newt.core.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The runtime's part of a live update: holding at a safe point, starting, probation, rollback. */
class ServerSwapTest {
    private static final Duration STEP = Duration.ofNanos(10_000);

    /** Counts "inc"; "close" and "open" bracket a span in which it is not quiescent. */
    static final class Gate implements Server<Gate.State> {
        static final class State {
            long count;
            boolean closed;
        }

        @Override
        public boolean quiescent(final State s) {
            return !s.closed;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            switch ((String) m.payload()) {
                case "inc" -> s.count++;
                case "close", "open" -> s.closed = "close".equals(m.payload());
                case "get" -> ctx.reply(m, s.count);
                case "crash" -> throw new IllegalStateException("crash requested");
                default -> throw new IllegalArgumentException("unknown " + m.payload());
            }
            return s;
        }
    }

    static ServerSpec<Gate.State> gate(final String name) {
        return ServerSpec.of(name, Gate.State.class, Gate::new, Gate.State::new);
    }

    /** Writes down every call, as "held {state as JSON}", "started", "failed stage: reason" and so on. */
    static final class Recorder implements ServerSwap.Listener {
        final List<String> calls = new ArrayList<>();
        private final StateCodec codec = new StateCodec();

        @Override
        public void held(final ServerSwap swap, final byte[] checkpoint) {
            try {
                calls.add("held " + codec.mapper().readTree(checkpoint));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void started(final ServerSwap swap) {
            calls.add("started");
        }

        @Override
        public void resumed(final ServerSwap swap) {
            calls.add("resumed");
        }

        @Override
        public void failed(final ServerSwap swap, final String stage, final String reason) {
            calls.add("failed " + stage + ": " + reason);
        }

        @Override
        public void rolledBack(final ServerSwap swap, final boolean switched, final int replayed, final String problem) {
            calls.add("rolled back " + switched + " " + replayed + problem);
        }
    }

    private static void send(final NewtRuntime rt, final NewtClient c, final String to, final String what, final int n) {
        for (int i = 0; i < n; i++) {
            assertThat(c.send(to, what)).isTrue();
        }
        rt.runFor(STEP);
    }

    private static long get(final NewtRuntime rt, final NewtClient c, final String server) {
        final CompletableFuture<Envelope> f = c.request(server, "get");
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).isTrue();
        return (Long) Await.result(f).payload();
    }

    @Test
    void aHeldServerWaitsForItsPredicateThenServesNothingAndAReleaseResumesTheSameIncarnation() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(3).server(gate("g")).build()) {
            rt.start();
            final NewtClient c = rt.client("c");
            send(rt, c, "g", "inc", 3);
            send(rt, c, "g", "close", 1);
            final Recorder r = new Recorder();
            final ServerSwap swap = rt.swap("g", r);
            swap.hold();
            send(rt, c, "g", "inc", 2);
            assertThat(r.calls).isEmpty();
            send(rt, c, "g", "open", 1);
            assertThat(r.calls).containsExactly("held {\"closed\":false,\"count\":5}");
            send(rt, c, "g", "inc", 4);
            assertThat(rt.status("g").queued()).isEqualTo(4);
            swap.release();
            assertThat(get(rt, c, "g")).isEqualTo(9);
            assertThat(r.calls).containsExactly("held {\"closed\":false,\"count\":5}", "rolled back false 0");
            assertThat(rt.status("g").epoch()).isEqualTo(1);
        }
    }

    @Test
    void aCrashOnProbationGoesToTheUpdateAndARollbackReplaysWhatTheNewVersionHandled() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(3).server(gate("g")).build()) {
            rt.start();
            final NewtClient c = rt.client("c");
            send(rt, c, "g", "inc", 3);
            final Recorder r = new Recorder();
            final ServerSwap swap = rt.swap("g", r);
            swap.hold();
            rt.runFor(STEP);
            final Gate.State transferred = new Gate.State();
            transferred.count = 3;
            swap.start(rt.spec("g"), transferred);
            swap.resume();
            send(rt, c, "g", "inc", 2);
            send(rt, c, "g", "crash", 1);
            assertThat(r.calls).containsExactly("held {\"closed\":false,\"count\":3}", "started", "resumed",
                "failed probation: IllegalStateException: crash requested");
            assertThat(rt.events().ofType(ServerCrashed.class)).hasSize(1);
            assertThat(rt.events().ofType(ServerRestarted.class)).isEmpty();
            swap.rollBack();
            send(rt, c, "g", "inc", 1);
            assertThat(r.calls).last().isEqualTo("rolled back true 2");
            // 3 before, 2 replayed into the old version, 1 after.
            assertThat(get(rt, c, "g")).isEqualTo(6);
            // The message the new version failed on is served by the old one, not replayed: here the
            // old version crashes on it too, an ordinary crash that the supervisor recovers from.
            assertThat(rt.events().ofType(ServerCrashed.class)).extracting(ServerCrashed::epoch).containsExactly(2L, 3L);
            assertThat(rt.events().ofType(ServerRestarted.class)).singleElement()
                .satisfies(e -> assertThat(e.epoch()).isEqualTo(4));
        }
    }

    @Test
    void aCompositeIsQuiescentOnlyWhenEveryInnerServerIs() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(3)
                .server(CompositeSpecs.of("pair", List.of(gate("g1"), gate("g2")))).build()) {
            rt.start();
            final NewtClient c = rt.client("c");
            send(rt, c, "g2", "close", 1);
            final Recorder r = new Recorder();
            rt.swap("pair", r).hold();
            send(rt, c, "g1", "inc", 1);
            assertThat(r.calls).isEmpty();
            send(rt, c, "g2", "open", 1);
            assertThat(r.calls).singleElement().asString().startsWith("held ");
        }
    }
}
