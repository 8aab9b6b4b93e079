package dev.newt.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineSelectionTest {

    private static ExperimentResult r(final int index, final Outcome outcome, final Long recovery) {
        return new ExperimentResult("e" + index, index, "s", "crash", "nth:1", 0, index, outcome, "", null, null,
            recovery, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), 0, 0, null);
    }

    @Test
    void choosesTheLongestRecoveryThenTheFirstOfEachOutcomeEachOnce() {
        final List<ExperimentResult> experiments = List.of(r(0, Outcome.RECOVERED, 5L), r(1, Outcome.RECOVERED, 9L),
            r(2, Outcome.FAILED, null), r(3, Outcome.DEGRADED, 9L), r(4, Outcome.FAILED, null));
        final List<TimelineChoice> chosen = TimelineSelection.choose(null, experiments);
        assertThat(chosen).extracting(c -> c.experiment().id() + ": " + c.reason()).containsExactly(
            "e1: longest recovery (0.000 ms)", "e0: first recovered", "e3: first degraded", "e2: first failed");
    }

    @Test
    void goldenRunComesFirstAndAnEmptyCampaignChoosesOnlyIt() {
        final ExperimentResult golden = new ExperimentResult(ExperimentResult.GOLDEN, -1, null, null, null, 0, 1,
            Outcome.NOT_ACTIVATED, "", null, null, null, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), 0, 0, null);
        assertThat(TimelineSelection.choose(golden, List.of())).extracting(TimelineChoice::reason)
            .containsExactly("golden run (baseline)");
        assertThat(TimelineSelection.choose(golden, List.of(r(0, Outcome.MASKED, null))))
            .extracting(c -> c.experiment().id()).containsExactly("golden", "e0");
    }

    @Test
    void atMostNineWhateverTheCampaignSize() {
        final List<ExperimentResult> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(r(i, Outcome.values()[i % Outcome.values().length], (long) (i % 977)));
        }
        final ExperimentResult golden = r(-1, Outcome.NOT_ACTIVATED, null);
        assertThat(TimelineSelection.choose(golden, many)).hasSizeLessThanOrEqualTo(9);
    }
}
