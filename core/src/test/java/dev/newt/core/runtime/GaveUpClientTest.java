package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient.ServerGaveUpException;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.RestartIntensity;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A client is told when the supervisor gives up on the server it waits for, instead of waiting forever. */
class GaveUpClientTest {

    private static void assertGaveUp(final CompletableFuture<Envelope> f) {
        assertThat(f).isCompletedExceptionally();
        final ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
        assertThat(e.getCause()).isInstanceOf(ServerGaveUpException.class).hasMessageContaining("'counter'");
        assertThat(((ServerGaveUpException) e.getCause()).server()).isEqualTo("counter");
    }

    @Test
    void requestsPendingWhenTheSupervisorGivesUpAndRequestsAfterFailNamingTheServer() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(5)
            .server(Counter.spec("counter").withIntensity(new RestartIntensity(1, Duration.ofSeconds(5)))
                .withBackoff(Backoff.NONE))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            // Two crashes, past the intensity: the first request is resubmitted after the restart (and
            // waits in the mailbox), the second dies with the second incarnation, the third never runs.
            final CompletableFuture<Envelope> resubmitted = c.request("counter", "crash");
            final CompletableFuture<Envelope> taken = c.request("counter", "crash");
            final CompletableFuture<Envelope> queued = c.request("counter", "get");
            rt.runFor(Duration.ofMillis(100));
            assertThat(rt.status("counter").state()).isEqualTo(ServerState.GIVEN_UP);
            assertGaveUp(resubmitted);
            assertGaveUp(taken);
            assertGaveUp(queued);
            assertGaveUp(c.request("counter", "get"));
            assertThat(c.pendingRequests()).isZero();
        }
    }
}
