package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A leak retains memory on every activation, until the injector releases it. */
class LeakFaultTest {

    @Test
    void everyActivationRetainsMoreUntilTheRunEnds() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("leak", "leak", "handle",
            Trigger.always().persistently()).param("bytes", 1 << 20).build()))) {
            for (int i = 0; i < 5; i++) {
                f.send("inc");
            }
            assertThat(f.ask("get")).isEqualTo(5L);
            assertThat(f.faults.leakedBytes()).isEqualTo(6L << 20);
            assertThat(f.activations()).extracting(a -> a.get("retained"))
                .containsExactly(1L << 20, 2L << 20, 3L << 20, 4L << 20, 5L << 20, 6L << 20);
            f.faults.finish();
            assertThat(f.faults.leakedBytes()).isZero();
        }
    }

    @Test
    void leakedMemoryCanBeReleasedDuringTheRunWhileTheFaultKeepsLeaking() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("leak", "leak", "handle",
            Trigger.every(2).persistently()).param("bytes", 1000).build()))) {
            for (int i = 0; i < 4; i++) {
                f.send("inc");
            }
            f.run(java.time.Duration.ofMillis(1));
            assertThat(f.faults.releaseLeaks()).isEqualTo(2000L);
            f.send("inc");
            f.send("inc");
            f.run(java.time.Duration.ofMillis(1));
            assertThat(f.faults.leakedBytes()).isEqualTo(1000L);
        }
    }
}
