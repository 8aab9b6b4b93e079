package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.HangDetected;
import dev.newt.core.event.MessageFenced;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.NoState;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.core.exec.SimulatedExecutor;
import dev.newt.core.server.Hang;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A handler that stops making progress is detected by its deadline and the server restarted. */
class HangDetectionTest {

    @Test
    void simulatedHangIsDetectedAtItsDeadlineInVirtualTimeAndTheServerServesAgain() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(11)
            .server(Counter.spec("counter").withHangDeadline(Duration.ofMillis(50)))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("counter", "inc");
            c.send("counter", "hang");
            c.send("counter", "inc");
            rt.runFor(Duration.ofMillis(40));
            assertThat(rt.events().ofType(HangDetected.class)).isEmpty();
            assertThat(rt.status("counter").state()).isEqualTo(ServerState.HUNG);
            rt.runFor(Duration.ofMillis(20));
            final HangDetected h = rt.events().ofType(HangDetected.class).get(0);
            assertThat(h.busyNanos()).isBetween(50_000_000L, 50_010_000L);
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(1);
            final CompletableFuture<Envelope> get = c.request("counter", "get");
            rt.runUntil(get::isDone, Duration.ofSeconds(1));
            // Checkpoint policy: the first inc survived, the hung message was skipped, the last inc served.
            assertThat(Await.result(get).payload()).isEqualTo(2L);
        }
    }

    /** Computes on "compute" for the given virtual time, as a delay fault does; counts on "inc". */
    static final class SlowCounter implements Server<Counter.State> {
        private final AtomicReference<SimulatedExecutor> sim;
        private final Duration compute;

        SlowCounter(final AtomicReference<SimulatedExecutor> sim, final Duration compute) {
            this.sim = sim;
            this.compute = compute;
        }

        @Override
        public Counter.State handle(final ServerContext ctx, final Counter.State s, final Envelope m) {
            switch ((String) m.payload()) {
                case "inc" -> s.count++;
                case "get" -> ctx.reply(m, s.count);
                default -> {
                    s.count += 100;
                    if (!sim.get().charge(compute)) {
                        Hang.forever();
                    }
                }
            }
            return s;
        }
    }

    private static List<Object> slowRun(final Duration compute) {
        final AtomicReference<SimulatedExecutor> sim = new AtomicReference<>();
        try (NewtRuntime rt = NewtRuntime.builder().seed(11)
            .server(ServerSpec.of("counter", Counter.State.class, () -> new SlowCounter(sim, compute),
                Counter.State::new).withHangDeadline(Duration.ofMillis(50)))
            .build()) {
            sim.set(rt.simulation());
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("counter", "inc");
            c.send("counter", "compute");
            c.send("counter", "inc");
            rt.runFor(Duration.ofMillis(200));
            final CompletableFuture<Envelope> get = c.request("counter", "get");
            rt.runUntil(get::isDone, Duration.ofSeconds(1));
            final List<HangDetected> hangs = rt.events().ofType(HangDetected.class);
            return List.of(Await.result(get).payload(), hangs.size(),
                hangs.isEmpty() ? -1L : hangs.get(0).busyNanos(), rt.events().ofType(ServerRestarted.class).size());
        }
    }

    @Test
    void simulatedHandlerComputingPastItsDeadlineIsAHangDetectedAtTheDeadline() {
        final List<Object> r = slowRun(Duration.ofMillis(80));
        // The computing handler's state is lost with its incarnation; both incs survive.
        assertThat(r.get(0)).isEqualTo(2L);
        assertThat(r.get(1)).isEqualTo(1);
        // Detected just past the 50 ms deadline, not after the 80 ms the handler wanted.
        assertThat((Long) r.get(2)).isBetween(50_000_000L, 50_010_000L);
        assertThat(r.get(3)).isEqualTo(1);
        assertThat(slowRun(Duration.ofMillis(80))).isEqualTo(r);
    }

    @Test
    void simulatedHandlerComputingWithinItsDeadlineIsNoHang() {
        final List<Object> r = slowRun(Duration.ofMillis(40));
        assertThat(r.get(0)).isEqualTo(102L);
        assertThat(r.get(1)).isEqualTo(0);
        assertThat(r.get(3)).isEqualTo(0);
    }

    @Test
    void threadedHangIsRevokedAndItsMailboxServedByANewWorker() throws Exception {
        hangIsRevokedAndServedAgain(NewtRuntime.builder().threaded("park"));
    }

    @Test
    void pooledHangIsRevokedWhileTheOtherServersKeepTheirWorkers() throws Exception {
        hangIsRevokedAndServedAgain(NewtRuntime.builder().pooled(1, "park"));
    }

    private static void hangIsRevokedAndServedAgain(final NewtRuntime.Builder builder) throws Exception {
        try (NewtRuntime rt = builder
            .server(Counter.spec("counter").withHangDeadline(Duration.ofMillis(100)))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("counter", "inc");
            c.send("counter", "hang");
            c.send("counter", "inc");
            final HangDetected h = (HangDetected) rt.events()
                .await(e -> e instanceof HangDetected, Duration.ofSeconds(10));
            assertThat(h.busyNanos()).isGreaterThanOrEqualTo(100_000_000L);
            rt.events().await(e -> e instanceof ServerRestarted, Duration.ofSeconds(10));
            assertThat(c.request("counter", "get").get(10, TimeUnit.SECONDS).payload()).isEqualTo(2L);
        }
    }

    /** Ignores its hang's revocation for a moment, then tries to send: a zombie. */
    static final class Zombie implements Server<NoState> {
        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            while (!ctx.revoked()) {
                LockSupport.parkNanos(100_000L);
            }
            ctx.send("test", "from the grave");
            return s;
        }
    }

    @Test
    void sendsOfARevokedIncarnationAreFencedOff() throws Exception {
        try (NewtRuntime rt = NewtRuntime.builder().threaded("park")
            .server(ServerSpec.of("zombie", NoState.class, Zombie::new, () -> NoState.INSTANCE)
                .withHangDeadline(Duration.ofMillis(50)))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("zombie", "go");
            final MessageFenced f = (MessageFenced) rt.events()
                .await(e -> e instanceof MessageFenced, Duration.ofSeconds(10));
            assertThat(f.server()).isEqualTo("zombie");
            assertThat(f.epoch()).isEqualTo(1);
            assertThat(f.to()).isEqualTo("test");
            assertThat(c.poll()).isNull();
        }
    }
}
