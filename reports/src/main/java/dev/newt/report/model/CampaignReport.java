package dev.newt.report.model;

import dev.newt.results.ExperimentResult;
import dev.newt.results.ResultsDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report says about a results directory, computed once and shared by every output.
 *
 * @param results     the directory as read
 * @param golden      the golden run, or null when the directory has none
 * @param experiments the experiments, golden run excluded, in file order
 * @param matrix      outcomes by server and fault type
 * @param detection   detection latencies by server
 * @param recovery    recovery times by server
 * @param timelines   the experiments chosen for timelines
 * @param eventLogs   the event log of each experiment that has one: id to path relative to the directory
 * @param warnings    what was missing or skipped while reading, then while building the report
 */
public record CampaignReport(ResultsDirectory results, ExperimentResult golden, List<ExperimentResult> experiments,
                             OutcomeMatrix matrix, ServerLatencies detection, ServerLatencies recovery,
                             List<TimelineChoice> timelines, Map<String, String> eventLogs, List<String> warnings) {

    /** @param results a directory as read @return its report */
    public static CampaignReport of(final ResultsDirectory results) {
        ExperimentResult golden = null;
        final List<ExperimentResult> experiments = new ArrayList<>(results.results().size());
        for (ExperimentResult r : results.results()) {
            if (r.golden()) {
                golden = r;
            } else {
                experiments.add(r);
            }
        }
        final List<String> warnings = new ArrayList<>(results.warnings());
        if (golden == null && !experiments.isEmpty()) {
            warnings.add("no golden run in " + ResultsDirectory.RESULTS + ": timelines have no baseline");
        }
        final Map<String, String> eventLogs = new HashMap<>();
        final List<String> missing = new ArrayList<>();
        for (ExperimentResult r : results.results()) {
            if (results.hasEventLog(r)) {
                eventLogs.put(r.id(), results.eventLogPath(r).orElseThrow());
            } else {
                missing.add(r.id());
            }
        }
        if (!missing.isEmpty()) {
            warnings.add(missing.size() + " of " + results.results().size() + " event logs are missing ("
                + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                + (missing.size() > 5 ? ", ..." : "") + "): their experiments have no link and no timeline");
        }
        return new CampaignReport(results, golden, List.copyOf(experiments), OutcomeMatrix.of(experiments),
            ServerLatencies.of(experiments, ExperimentResult::detectionLatencyNanos),
            ServerLatencies.of(experiments, ExperimentResult::recoveryNanos),
            TimelineSelection.choose(golden, experiments), Map.copyOf(eventLogs), List.copyOf(warnings));
    }
}
