package dev.newt.campaign.run;

import dev.newt.core.event.Event;
import dev.newt.faults.FaultSummary;
import java.util.List;
import java.util.Map;

/**
 * What one run left behind, for the outcome rules: its events, the workloads' summaries, what
 * each fault did, and whether it finished.
 *
 * @param events         every event of the run, in order
 * @param summaries      each summary writer's {@code workload-summary} fields, by server; a writer
 *                       that wrote none is absent
 * @param summaryWriters every workload server that should have written a summary
 * @param faults         what each fault of the plan did (for the golden run: the probes)
 * @param runtimeNanos   the runtime clock at the end
 * @param harnessError   what went wrong outside the system under test, or {@code null}
 */
public record RunObservation(List<Event> events, Map<String, Map<String, Object>> summaries,
                             List<String> summaryWriters, List<FaultSummary> faults, long runtimeNanos,
                             String harnessError) {
    /** Freezes the lists. */
    public RunObservation {
        events = List.copyOf(events);
        summaries = Map.copyOf(summaries);
        summaryWriters = List.copyOf(summaryWriters);
        faults = List.copyOf(faults);
    }

    /** @return whether every workload wrote its summary */
    public boolean finished() {
        return summaries.keySet().containsAll(summaryWriters);
    }

    /**
     * @param error what went wrong
     * @return an observation of a run the harness could not carry out
     */
    public static RunObservation harnessError(final String error) {
        return new RunObservation(List.of(), Map.of(), List.of(), List.of(), 0, error);
    }
}
