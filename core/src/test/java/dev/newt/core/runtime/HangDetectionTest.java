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
import java.time.Duration;
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
