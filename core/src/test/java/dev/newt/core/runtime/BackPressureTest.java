package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A full mailbox refuses the sender, who sees it; nothing accepted is ever lost. */
class BackPressureTest {

    @Test
    void fullMailboxRefusesAndEveryAcceptedMessageIsHandled() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(1).server(Counter.spec("counter").withMailboxCapacity(8))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 20; i++) {
                if (c.send("counter", "inc")) {
                    accepted++;
                } else {
                    refused++;
                }
            }
            assertThat(accepted).isEqualTo(8);
            assertThat(refused).isEqualTo(12);
            final CompletableFuture<Envelope> refusedGet = c.request("counter", "get");
            assertThat(refusedGet).isCompletedExceptionally();
            rt.runFor(Duration.ofMillis(1));
            final CompletableFuture<Envelope> get = c.request("counter", "get");
            rt.runUntil(get::isDone, Duration.ofSeconds(1));
            assertThat(Await.result(get).payload()).isEqualTo(8L);
        }
    }
}
