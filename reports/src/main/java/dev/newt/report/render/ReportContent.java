package dev.newt.report.render;

import dev.newt.report.model.CampaignReport;
import dev.newt.report.model.ExperimentTimeline;
import dev.newt.report.table.FailureTable;
import dev.newt.report.table.ReportTables;
import dev.newt.report.table.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a report says, ready for the writers: the computed report, the timelines read, every
 * table, and all warnings.
 *
 * @param report          what was computed
 * @param timelines       the chosen experiments' timelines
 * @param campaign        identity table
 * @param outcomes        totals by outcome
 * @param outcomeMatrix   outcomes by server and fault type
 * @param outcomesByFault outcomes by fault type
 * @param detection       detection latency by server
 * @param recovery        recovery time by server
 * @param updateSummary   updates by servers
 * @param updates         every update
 * @param timelineTable   the chosen experiments
 * @param phases          the phases shaded on the timelines
 * @param experiments     every experiment
 * @param unfired         the broken runs whose fault did not fire
 * @param policyOutcomes  outcomes by server, fault type and recovery policy
 * @param policyLoss      what each recovery policy lost
 * @param byReplica       outcomes by replica of a host's stack (no rows without replica targets)
 * @param failureClasses  a search's failing runs by failure class (empty without schedules)
 * @param warnings        what was missing or skipped, reading and building
 */
public record ReportContent(CampaignReport report, List<ExperimentTimeline> timelines, Table campaign,
                            Table outcomes, Table outcomeMatrix, Table outcomesByFault, Table detection,
                            Table recovery, Table updateSummary, Table updates, Table timelineTable,
                            Table phases, Table experiments, Table unfired, Table policyOutcomes, Table policyLoss,
                            Table byReplica, Table failureClasses, List<String> warnings) {

    /** @param report what was computed @param timelines the timelines read @return the content */
    public static ReportContent of(final CampaignReport report, final List<ExperimentTimeline> timelines) {
        final List<String> warnings = new ArrayList<>(report.warnings());
        for (ExperimentTimeline t : timelines) {
            t.warnings().forEach(w -> warnings.add("timeline of " + t.choice().experiment().id() + ": " + w));
        }
        return new ReportContent(report, timelines, ReportTables.campaign(report), ReportTables.outcomes(report),
            ReportTables.outcomeMatrix(report), ReportTables.outcomesByFault(report), ReportTables.detection(report),
            ReportTables.recovery(report), ReportTables.updateSummary(report), ReportTables.updates(report),
            ReportTables.timelines(report, timelines), ReportTables.phases(timelines),
            ReportTables.experiments(report), ReportTables.unfired(report), ReportTables.policyOutcomes(report),
            ReportTables.policyLoss(report), ReportTables.outcomesByReplica(report), FailureTable.of(report),
            List.copyOf(warnings));
    }

    /** @return every table, in the order the pages show them; the replicas' only when it has rows */
    public List<Table> tables() {
        final List<Table> all = new ArrayList<>(List.of(campaign, unfired, failureClasses, outcomes, outcomeMatrix,
            outcomesByFault, policyOutcomes, policyLoss));
        if (!byReplica.rows().isEmpty()) {
            all.add(byReplica);
        }
        all.addAll(List.of(detection, recovery, updateSummary, updates, timelineTable, phases, experiments));
        return List.copyOf(all);
    }

    /** @return the campaign's name, or the directory's when the manifest is missing */
    public String name() {
        return report.results().manifest().map(m -> m.name())
            .orElse(String.valueOf(report.results().path().toAbsolutePath().normalize().getFileName()));
    }
}
