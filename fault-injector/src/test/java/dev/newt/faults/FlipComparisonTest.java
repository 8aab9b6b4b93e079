package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.faults.effect.FlipComparison;
import dev.newt.faults.inject.FaultInjector;
import org.junit.jupiter.api.Test;

/** The mutation operator: a comparison takes the wrong branch in activated calls only. */
class FlipComparisonTest {

    @Test
    void theFlippedComparisonTakesTheOtherBranchOnlyInTheActivatedCall() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("wlec", "flip-comparison", "belowLimit",
            Trigger.nth(2)).build()))) {
            f.send("inc");
            f.send("inc");
            f.send("inc");
            // belowLimit said "no" once: the second inc did not count.
            assertThat(f.ask("get")).isEqualTo(2L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("site", "Counter#belowLimit(J)Z").containsEntry("call", 2L)
                .containsEntry("comparison", 0));
            assertThat(FlipComparison.flipped(0)).isFalse();
        }
    }

    @Test
    void aComparisonTheMethodDoesNotHaveIsRefusedBeforeTheRun() {
        assertThatThrownBy(() -> FaultInjector.of(FaultPlan.of(1, fault("wlec", "flip-comparison", "belowLimit",
            Trigger.nth(1)).param("comparison", 1).build())).weave("counter", Fixture.image()))
            .hasMessageContaining("fault 'wlec': a flip-comparison fault cannot act at any method")
            .hasMessageContaining("Counter#belowLimit(J)Z has 1 conditional jump(s), so no comparison 1");
    }
}
