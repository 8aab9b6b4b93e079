package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.inject.FaultInjector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A delay holds the handler: charged to the virtual clock when simulated, a real wait when threaded. */
class DelayFaultTest {

    @Test
    void simulatedDelayMovesTheVirtualClockByTheDelay() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("slow", "delay", "handle", Trigger.nth(2))
            .param("delay", "30ms").build()))) {
            final long t0 = f.rt.now();
            assertThat(f.ask("get")).isEqualTo(0L);
            final long fast = f.rt.now() - t0;
            final long t1 = f.rt.now();
            assertThat(f.ask("get")).isEqualTo(0L);
            final long slow = f.rt.now() - t1;
            assertThat(fast).isLessThan(1_000_000L);
            assertThat(slow).isBetween(30_000_000L, 31_000_000L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("delayNanos", 30_000_000L).containsEntry("clock", "virtual").containsEntry("call", 2L));
        }
    }

    private static List<Object> jitteredDelays(final long seed) {
        try (Fixture f = Fixture.counter(FaultPlan.of(seed, fault("jitter", "delay", "handle",
            Trigger.always().persistently()).param("delay", "1ms").param("jitter", "9ms").build()))) {
            for (int i = 0; i < 5; i++) {
                f.ask("get");
            }
            return f.activations().stream().map(a -> a.get("delayNanos")).toList();
        }
    }

    @Test
    void seededRandomDelaysRepeatWithTheSeedAndStayInTheirRange() {
        final List<Object> a = jitteredDelays(5);
        assertThat(a).hasSize(5).isEqualTo(jitteredDelays(5)).isNotEqualTo(jitteredDelays(6));
        assertThat(a).allSatisfy(d -> assertThat((Long) d).isBetween(1_000_000L, 10_000_000L));
    }

    @Test
    void threadedDelayReallyWaits() throws Exception {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, fault("slow", "delay", "handle", Trigger.nth(1))
            .param("delay", "80ms").build()));
        try (faults; NewtRuntime rt = NewtRuntime.builder().threaded("park")
            .server(faults.spec("counter", Fixture.image(), Fixture.COUNTER, Fixture.COUNTER + "$State")).build()) {
            faults.install(rt);
            rt.start();
            final var c = rt.client("test");
            final long t0 = System.nanoTime();
            final Envelope first = c.request("counter", "get").get(10, TimeUnit.SECONDS);
            final long slow = System.nanoTime() - t0;
            assertThat(first.payload()).isEqualTo(0L);
            assertThat(slow).isGreaterThanOrEqualTo(80_000_000L);
        }
    }
}
