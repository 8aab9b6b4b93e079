package dev.newt.campaign.outcome;

import dev.newt.core.event.Event;
import dev.newt.faults.FaultSummary;
import dev.newt.results.UpdateResult;
import dev.newt.campaign.invariant.Violation;
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
 * @param updates        the live updates performed
 * @param harnessError   what went wrong outside the system under test, or {@code null}
 * @param deadlineExceeded whether the run was stopped at its wall-clock deadline
 * @param violation      the first invariant the run broke, which stopped it, or {@code null} (runs without
 *                       invariants checked: every one but a schedule's)
 */
public record RunObservation(List<Event> events, Map<String, Map<String, Object>> summaries,
                             List<String> summaryWriters, List<FaultSummary> faults, long runtimeNanos,
                             List<UpdateResult> updates, String harnessError, boolean deadlineExceeded,
                             Violation violation) {
    /** Freezes the lists. */
    public RunObservation {
        events = List.copyOf(events);
        summaries = Map.copyOf(summaries);
        summaryWriters = List.copyOf(summaryWriters);
        faults = List.copyOf(faults);
        updates = List.copyOf(updates);
    }

    /** An observation without invariants checked. */
    public RunObservation(final List<Event> events, final Map<String, Map<String, Object>> summaries,
                          final List<String> summaryWriters, final List<FaultSummary> faults, final long runtimeNanos,
                          final List<UpdateResult> updates, final String harnessError, final boolean deadlineExceeded) {
        this(events, summaries, summaryWriters, faults, runtimeNanos, updates, harnessError, deadlineExceeded, null);
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
        return new RunObservation(List.of(), Map.of(), List.of(), List.of(), 0, List.of(), error, false);
    }

    /**
     * @param events the events it wrote before it was stopped
     * @return an observation of a run stopped at its deadline
     */
    public static RunObservation deadlineExceeded(final List<Event> events) {
        return new RunObservation(events, Map.of(), List.of(), List.of(), 0, List.of(), null, true);
    }
}
