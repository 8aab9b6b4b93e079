package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A failed state audit counts as corruption: the corrupted state is never checkpointed. */
class CorruptionDetectionTest {

    @Test
    void auditFailureRestoresTheLastSoundCheckpoint() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(9).server(Counter.spec("counter")).build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("counter", "inc");
            c.send("counter", "inc");
            c.send("counter", "corrupt");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.events().ofType(CorruptionDetected.class)).singleElement()
                .satisfies(e -> assertThat(e.violation()).isEqualTo("count is negative: -1"));
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(1);
            final CompletableFuture<Envelope> get = c.request("counter", "get");
            rt.runUntil(get::isDone, Duration.ofSeconds(1));
            assertThat(Await.result(get).payload()).isEqualTo(2L);
        }
    }

    @Test
    void periodicAuditCatchesCorruptionEvenWithoutCheckpoints() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(9)
            .server(Counter.spec("counter").withCheckpoints(dev.newt.core.server.CheckpointPolicy.ON_REQUEST)
                .withAuditEvery(1))
            .build()) {
            rt.start();
            rt.client("test").send("counter", "corrupt");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.events().ofType(CorruptionDetected.class)).hasSize(1);
        }
    }
}
