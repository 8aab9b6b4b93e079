package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.HangDetected;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.exec.ThreadedExecutor;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.inject.FaultInjector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A hang fault stops the server through Hang.forever(): detected at the deadline, then restarted. */
class HangFaultTest {
    private static FaultPlan hangAtSecondCall() {
        return FaultPlan.of(3, fault("hang-2", "hang", "handle", Trigger.nth(2)).build());
    }

    @Test
    void simulatedHangIsDetectedAtTheDeadlineAndTheServerServesAgain() {
        try (Fixture f = Fixture.counter(hangAtSecondCall(), s -> s.withHangDeadline(Duration.ofMillis(50)))) {
            f.send("inc");
            f.send("inc");
            f.send("inc");
            f.run(Duration.ofMillis(40));
            assertThat(f.rt.events().ofType(HangDetected.class)).isEmpty();
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a).containsEntry("call", 2L));
            f.run(Duration.ofMillis(20));
            assertThat(f.rt.events().ofType(HangDetected.class)).singleElement()
                .satisfies(h -> assertThat(h.busyNanos()).isBetween(50_000_000L, 50_010_000L));
            assertThat(f.rt.events().ofType(ServerRestarted.class)).hasSize(1);
            // First inc checkpointed, the hung one skipped, the third served.
            assertThat(f.ask("get")).isEqualTo(2L);
        }
    }

    @Test
    void threadedHangReallyParksUntilTheSupervisorRevokesItAndNoThreadOutlivesTheRuntime() throws Exception {
        final FaultInjector faults = FaultInjector.of(hangAtSecondCall());
        final NewtRuntime rt = NewtRuntime.builder().threaded("park")
            .server(faults.spec("counter", Fixture.image(), Fixture.COUNTER, Fixture.COUNTER + "$State")
                .withHangDeadline(Duration.ofMillis(100)))
            .build();
        try (faults) {
            faults.install(rt);
            rt.start();
            final var client = rt.client("test");
            client.send("counter", "inc");
            client.send("counter", "inc");
            client.send("counter", "inc");
            final HangDetected h = (HangDetected) rt.events()
                .await(e -> e instanceof HangDetected, Duration.ofSeconds(10));
            assertThat(h.busyNanos()).isGreaterThanOrEqualTo(100_000_000L);
            rt.events().await(e -> e instanceof ServerRestarted, Duration.ofSeconds(10));
            assertThat(client.request("counter", "get").get(10, TimeUnit.SECONDS).payload()).isEqualTo(2L);
        } finally {
            rt.close();
        }
        assertThat(((ThreadedExecutor) rt.executor()).unstoppedThreads()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("newt-"))).isEmpty();
    }
}
