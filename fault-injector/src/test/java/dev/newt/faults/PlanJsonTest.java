package dev.newt.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A plan travels to another process (a process-isolated server's child JVM) as JSON and comes back equal. */
class PlanJsonTest {

    @Test
    void aPlanRoundTripsThroughJson() {
        final FaultPlan plan = new FaultPlan(42, java.util.List.of(
            FaultSpec.builder("slow").site("kv", "*.KvServer", "handle").type("delay")
                .param("delay", Duration.ofMillis(5)).trigger(Trigger.every(3).between(Duration.ofMillis(1),
                    Duration.ofSeconds(2)).after(new EventMatch("restarted", "kv")).persistently()).build(),
            FaultSpec.builder("flaky").site("kv", "*", "*").type("crash").trigger(Trigger.probability(0.25)
                .until(new EventMatch("update-committed", null))).build(),
            FaultSpec.builder("never").site("b.tcp", "*.TcpServer", "handle").type("crash")
                .trigger(Trigger.nth(Long.MAX_VALUE)).build()));
        final FaultPlan back = FaultPlan.fromJson(plan.toJson());
        assertThat(back).isEqualTo(plan);
        assertThat(back.toJson()).isEqualTo(plan.toJson());
    }
}
