package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Wrong-return replaces what a helper method returns; the server's behaviour shows it. */
class WrongReturnTest {

    private static Fixture counterWithWrongStep(final long seed, final String mode) {
        return Fixture.counter(FaultPlan.of(seed, fault("step", "wrong-return", "step", Trigger.nth(2))
            .param("mode", mode).build()));
    }

    private static long afterThreeIncs(final Fixture f) {
        f.send("inc");
        f.send("inc");
        f.send("inc");
        return (Long) f.ask("get");
    }

    @Test
    void offByOneMakesTheSecondIncAddTwo() {
        try (Fixture f = counterWithWrongStep(1, "off-by-one")) {
            assertThat(afterThreeIncs(f)).isEqualTo(4L);
            assertThat(f.activations()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("site", "Counter#step()J").containsEntry("call", 2L)
                .containsEntry("old", "1").containsEntry("new", "2"));
        }
    }

    @Test
    void defaultMakesTheSecondIncAddNothing() {
        try (Fixture f = counterWithWrongStep(1, "default")) {
            assertThat(afterThreeIncs(f)).isEqualTo(2L);
            assertThat(f.activations().get(0)).containsEntry("new", "0");
        }
    }

    @Test
    void randomReturnsASeededRandomValueTheSameWayEveryRun() {
        final long a;
        try (Fixture f = counterWithWrongStep(9, "random")) {
            a = afterThreeIncs(f);
        }
        try (Fixture f = counterWithWrongStep(9, "random")) {
            assertThat(afterThreeIncs(f)).isEqualTo(a);
        }
        assertThat(a).isNotEqualTo(3L);
    }
}
