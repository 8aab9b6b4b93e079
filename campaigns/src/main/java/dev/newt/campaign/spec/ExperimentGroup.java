package dev.newt.campaign.spec;

import java.util.List;

/**
 * A set of experiments as written: a list entry is a group of one target, one fault and one
 * trigger; the matrix is every combination.
 *
 * @param targets     servers
 * @param faults      faults
 * @param triggers    triggers
 * @param recoveries  recovery policies the target runs under (an empty list: the system's own)
 * @param repetitions how many times each combination runs
 */
public record ExperimentGroup(List<String> targets, List<FaultModel> faults, List<TriggerModel> triggers,
                              List<String> recoveries, int repetitions) {
    /** Freezes the lists. */
    public ExperimentGroup {
        targets = List.copyOf(targets);
        faults = List.copyOf(faults);
        triggers = List.copyOf(triggers);
        recoveries = List.copyOf(recoveries);
    }

    /** @return how many experiments it expands to */
    public long size() {
        return (long) targets.size() * faults.size() * triggers.size() * Math.max(1, recoveries.size()) * repetitions;
    }
}
