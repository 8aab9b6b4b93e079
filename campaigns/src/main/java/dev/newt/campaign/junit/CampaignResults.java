package dev.newt.campaign.junit;

import dev.newt.results.ExperimentResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What a campaign run left: its results directory, its golden run and its experiments.
 *
 * @param directory   the results directory (events, results.jsonl)
 * @param golden      the golden run
 * @param experiments the experiments, in their order
 */
public record CampaignResults(Path directory, ExperimentResult golden, List<ExperimentResult> experiments) {
    /** Freezes the list. */
    public CampaignResults {
        experiments = List.copyOf(experiments);
    }
}
