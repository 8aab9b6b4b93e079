package dev.newt.report.table;

import dev.newt.report.model.CampaignReport;
import dev.newt.report.model.Distribution;
import dev.newt.report.model.ExperimentTimeline;
import dev.newt.report.model.OutcomeCounts;
import dev.newt.report.model.ServerLatencies;
import dev.newt.report.model.TimelineSelection;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.Phase;
import dev.newt.results.UpdateResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds every table of a report from what it computed; all outputs write these same tables. */
public final class ReportTables {
    /** Rows of the experiments table the pages show. */
    public static final int EXPERIMENTS_SHOWN = 1000;
    /** Rows of the updates table the pages show. */
    public static final int UPDATES_SHOWN = 500;
    private static final String PERCENTILES = "Percentiles by nearest rank over the experiments that have the figure.";

    private ReportTables() {
    }

    /** @param report the report @return the campaign's identity: one row per manifest field */
    public static Table campaign(final CampaignReport report) {
        final List<List<Object>> rows = new ArrayList<>();
        final CampaignManifest m = report.results().manifest().orElse(null);
        if (m != null) {
            rows.add(row("name", m.name()));
            rows.add(row("seed", m.seed()));
            rows.add(row("executor", m.executor()));
            rows.add(row("campaign file", m.file()));
            rows.add(row("campaign file SHA-256", m.fileSha256()));
            rows.add(row("git commit", m.gitCommit()));
            rows.add(row("Newt version", m.newtVersion()));
            rows.add(row("JVM", m.jvm()));
            rows.add(row("machine", m.machine()));
            rows.add(row("started at", m.startedAt()));
            rows.add(row("shard", m.shardIndex() + " of " + m.shardCount()));
            rows.add(row("experiments announced", m.experiments()));
            rows.add(row("command", m.command()));
        }
        rows.add(row("experiments read", report.experiments().size()));
        rows.add(row("golden run", report.golden() == null ? "absent" : "present"));
        return Table.of("campaign", "Identity", m == null ? "campaign.json is missing or unreadable." : "",
            List.of(Column.text("field", "field"), Column.text("value", "value")), rows);
    }

    /** @param report the report @return experiments per outcome */
    public static Table outcomes(final CampaignReport report) {
        final OutcomeCounts totals = report.matrix().totals();
        final List<List<Object>> rows = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            rows.add(row(o.label(), totals.share(o)));
        }
        return Table.of("outcomes", "Outcome totals", "Experiments by outcome, golden run excluded.",
            List.of(new Column("outcome", "outcome", Kind.OUTCOME),
                new Column("experiments", "experiments", Kind.SHARE)), rows);
    }

    /** @param report the report @return outcomes by target server and fault type */
    public static Table outcomeMatrix(final CampaignReport report) {
        final List<List<Object>> rows = new ArrayList<>();
        report.matrix().cells().forEach((server, byFault) -> byFault.forEach((fault, counts) -> {
            final List<Object> row = new ArrayList<>(row(server, fault, counts.total()));
            row.addAll(shares(counts));
            rows.add(row);
        }));
        final List<Column> columns = new ArrayList<>(List.of(Column.text("server", "server"),
            Column.text("fault type", "faultType"), Column.count("experiments", "experiments")));
        columns.addAll(shareColumns());
        return Table.of("outcome-matrix", "Outcome by server and fault type",
            "Each cell: experiments with that outcome (percent of the row).", columns, rows);
    }

    /** @param report the report @return outcomes by fault type over all servers */
    public static Table outcomesByFault(final CampaignReport report) {
        final List<List<Object>> rows = new ArrayList<>();
        report.matrix().byFault().forEach((fault, counts) -> {
            final List<Object> row = new ArrayList<>(row(fault, counts.total()));
            row.addAll(shares(counts));
            rows.add(row);
        });
        final List<Column> columns = new ArrayList<>(List.of(Column.text("fault type", "faultType"),
            Column.count("experiments", "experiments")));
        columns.addAll(shareColumns());
        return Table.of("outcomes-by-fault", "Outcome by fault type", "All servers together.", columns, rows);
    }

    /** @param report the report @return detection latency percentiles by server */
    public static Table detection(final CampaignReport report) {
        return latencies("detection-latency", "Detection latency",
            "Fault activation to the first crash, hang or corruption detection. " + PERCENTILES, report.detection());
    }

    /** @param report the report @return recovery time percentiles by server */
    public static Table recovery(final CampaignReport report) {
        return latencies("recovery-time", "Recovery time",
            "Detection to the restarted server serving again. " + PERCENTILES, report.recovery());
    }

    private static Table latencies(final String id, final String title, final String note,
                                   final ServerLatencies latencies) {
        final List<List<Object>> rows = new ArrayList<>();
        latencies.samples().forEach((server, values) -> rows.add(distributionRow(server, values)));
        if (latencies.samples().size() > 1) {
            rows.add(distributionRow("all servers", latencies.all()));
        }
        return Table.of(id, title, note, List.of(Column.text("server", "server"),
            Column.count("experiments", "experiments"), Column.nanos("p50", "p50"), Column.nanos("p90", "p90"),
            Column.nanos("p99", "p99"), Column.nanos("max", "max")), rows);
    }

    private static List<Object> distributionRow(final String name, final long[] values) {
        final Distribution d = Distribution.of(values);
        return row(name, d.count(), d.p50(), d.p90(), d.p99(), d.max());
    }

    /** @param report the report @return every live update, in experiment order */
    public static Table updates(final CampaignReport report) {
        final List<List<Object>> rows = new ArrayList<>();
        for (ExperimentResult r : report.results().results()) {
            for (UpdateResult u : nonNull(r.updates())) {
                rows.add(row(r.id(), String.join(" ", nonNull(u.servers())), u.image(), u.result(), u.requestedAt(),
                    u.quiesceNanos(), u.transferNanos(), u.downtimeNanos(), u.totalNanos(), u.wallQuiesceNanos(),
                    u.wallTransferNanos(), u.wallTotalNanos(), u.reason()));
            }
        }
        return new Table("updates", "Live updates", "Each update's phases and downtime. " + clock(report),
            List.of(Column.text("experiment", "experiment"), Column.text("servers", "servers"),
                Column.text("image", "image"), Column.text("result", "result"),
                Column.nanos("requested at", "requestedAt"), Column.nanos("quiesce", "quiesce"),
                Column.nanos("transfer", "transfer"), Column.nanos("downtime", "downtime"),
                Column.nanos("total", "total"), Column.nanos("wall quiesce", "wallQuiesce"),
                Column.nanos("wall transfer", "wallTransfer"), Column.nanos("wall total", "wallTotal"),
                Column.text("reason", "reason")),
            rows, UPDATES_SHOWN);
    }

    /** @param report the report @return updates by the servers they updated: results, downtime and transfer */
    public static Table updateSummary(final CampaignReport report) {
        final Map<String, List<UpdateResult>> byServers = new TreeMap<>();
        for (ExperimentResult r : report.results().results()) {
            for (UpdateResult u : nonNull(r.updates())) {
                byServers.computeIfAbsent(String.join(" ", nonNull(u.servers())), s -> new ArrayList<>()).add(u);
            }
        }
        final List<List<Object>> rows = new ArrayList<>();
        byServers.forEach((servers, list) -> {
            final Distribution downtime = Distribution.of(list.stream().mapToLong(UpdateResult::downtimeNanos).toArray());
            final Distribution transfer = Distribution.of(list.stream().mapToLong(UpdateResult::transferNanos).toArray());
            final long[] wall = list.stream().map(UpdateResult::wallTransferNanos).filter(java.util.Objects::nonNull)
                .mapToLong(Long::longValue).toArray();
            rows.add(row(servers, list.size(), count(list, "committed"), count(list, "rolled-back"),
                count(list, "aborted"), downtime.p50(), downtime.p99(), downtime.max(), transfer.p50(), transfer.p99(),
                wall.length == 0 ? null : Distribution.of(wall).p50()));
        });
        return Table.of("update-summary", "Live updates by servers",
            "Results of the updates of each server group, their downtime and transfer. " + clock(report) + " "
                + PERCENTILES,
            List.of(Column.text("servers", "servers"), Column.count("updates", "updates"),
                Column.count("committed", "committed"), Column.count("rolled back", "rolledBack"),
                Column.count("aborted", "aborted"), Column.nanos("downtime p50", "downtimeP50"),
                Column.nanos("downtime p99", "downtimeP99"), Column.nanos("downtime max", "downtimeMax"),
                Column.nanos("transfer p50", "transferP50"), Column.nanos("transfer p99", "transferP99"),
                Column.nanos("wall transfer p50", "wallTransferP50")), rows);
    }

    /** Says whether the runtime-clock durations are virtual, and what the wall columns are. */
    private static String clock(final CampaignReport report) {
        final boolean simulated = report.results().manifest().map(m -> "simulated".equals(m.executor())).orElse(false);
        return (simulated ? "Durations but the wall columns are VIRTUAL: the simulated executor's runtime clock, in "
            + "which a phase lasts a few scheduler steps." : "Durations on the runtime clock.")
            + " Wall columns: what the phase cost in wall-clock time.";
    }

    private static long count(final List<UpdateResult> updates, final String result) {
        return updates.stream().filter(u -> result.equals(u.result())).count();
    }

    /** @param report the report @param timelines the timelines drawn @return the chosen experiments */
    public static Table timelines(final CampaignReport report, final List<ExperimentTimeline> timelines) {
        final List<List<Object>> rows = new ArrayList<>();
        for (ExperimentTimeline t : timelines) {
            final ExperimentResult r = t.choice().experiment();
            rows.add(row(r.id(), r.outcome().label(), t.choice().reason(), logLink(report, r)));
        }
        return Table.of("timelines", "Timelines chosen", TimelineSelection.RULE,
            List.of(Column.text("experiment", "experiment"), new Column("outcome", "outcome", Kind.OUTCOME),
                Column.text("why", "reason"), new Column("event log", "eventLog", Kind.LINK)), rows);
    }

    /** @param timelines the timelines drawn @return the phases shaded on them */
    public static Table phases(final List<ExperimentTimeline> timelines) {
        final List<List<Object>> rows = new ArrayList<>();
        for (ExperimentTimeline t : timelines) {
            for (Phase p : t.timeline().phases()) {
                rows.add(row(t.choice().experiment().id(), p.kind(), p.server(), p.start(), p.end(), p.end() - p.start()));
            }
        }
        return Table.of("timeline-phases", "Phases on the timelines",
            "fault: activation to disarming; recovery: detection to restart; gave-up: to the end of the log; "
                + "update:PHASE: an update's phase. Times on the runtime clock.",
            List.of(Column.text("experiment", "experiment"), Column.text("phase", "phase"),
                Column.text("server", "server"), Column.nanos("start", "start"), Column.nanos("end", "end"),
                Column.nanos("duration", "duration")), rows);
    }

    /** @param report the report @return one row per experiment, golden run first when present */
    public static Table experiments(final CampaignReport report) {
        final List<List<Object>> rows = new ArrayList<>(report.results().results().size());
        for (ExperimentResult r : report.results().results()) {
            rows.add(row(r.id(), r.index(), r.target(), r.faultType(), r.trigger(), r.recovery(), r.checkpointEvery(),
                r.repetition(), r.seed(), r.outcome().label(), r.detectionLatencyNanos(), r.recoveryNanos(),
                r.serviceLostNanos(), r.restarts(), r.connectionsLost(), r.bytesLost(), r.bytesDuplicated(),
                r.bytesCorrupted(), r.requestsFailed(), nonNull(r.updates()).size(), r.wallMillis(), r.detail(),
                r.crash(), logLink(report, r), rerun(report, r)));
        }
        return new Table("experiments", "Experiments", "In the order of results.jsonl. Service lost: runtime clock "
            + "during which a workload made no progress between two bins that did (docs/OUTCOMES.md).",
            List.of(Column.text("id", "id"), Column.count("index", "index"), Column.text("target", "target"),
                Column.text("fault type", "faultType"), Column.text("trigger", "trigger"),
                Column.text("recovery", "recovery"), Column.count("checkpoint every", "checkpointEvery"),
                Column.count("repetition", "repetition"), Column.count("seed", "seed"),
                new Column("outcome", "outcome", Kind.OUTCOME), Column.nanos("detection", "detectionLatency"),
                Column.nanos("recovery", "recovery"), Column.nanos("service lost", "serviceLost"),
                Column.count("restarts", "restarts"),
                Column.count("connections lost", "connectionsLost"), Column.count("bytes lost", "bytesLost"),
                Column.count("bytes duplicated", "bytesDuplicated"), Column.count("bytes corrupted", "bytesCorrupted"),
                Column.count("requests failed", "requestsFailed"), Column.count("updates", "updates"),
                Column.count("wall (ms)", "wallMillis"), Column.text("detail", "detail"), Column.text("crash", "crash"),
                new Column("event log", "eventLog", Kind.LINK), Column.text("run again", "rerun")),
            rows, EXPERIMENTS_SHOWN);
    }

    /**
     * @param report the report
     * @return the experiments whose fault did not fire but whose system misbehaved: findings about the
     *         system or the harness, shown before everything else
     */
    public static Table unfired(final CampaignReport report) {
        final List<List<Object>> rows = new ArrayList<>();
        for (ExperimentResult r : report.experiments()) {
            if (r.brokenWithoutFault()) {
                rows.add(row(r.id(), r.target(), r.faultType(), r.outcome().label(), r.detail(), r.crash(),
                    logLink(report, r)));
            }
        }
        return Table.of("fault-did-not-fire", "Broken runs whose fault did not fire",
            "The fault never activated, yet the run misbehaved (a detection, a restart that never came, a workload "
                + "that did not finish, lost or wrong data): a finding about the system or the harness, not about "
                + "the fault.",
            List.of(Column.text("experiment", "experiment"), Column.text("target", "target"),
                Column.text("fault type", "faultType"), new Column("outcome", "outcome", Kind.OUTCOME),
                Column.text("detail", "detail"), Column.text("crash", "crash"),
                new Column("event log", "eventLog", Kind.LINK)), rows);
    }

    /** @param report the report @return outcomes by server, fault type and recovery policy; empty without a policy */
    public static Table policyOutcomes(final CampaignReport report) {
        final Map<List<String>, OutcomeCounts> cells = new TreeMap<>(java.util.Comparator
            .<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        for (ExperimentResult r : withPolicy(report)) {
            cells.computeIfAbsent(List.of(String.valueOf(r.target()), baseFault(r.faultType()), r.recovery()),
                k -> new OutcomeCounts()).add(r.outcome());
        }
        final List<List<Object>> rows = new ArrayList<>();
        cells.forEach((key, counts) -> {
            final List<Object> row = new ArrayList<>(row(key.get(0), key.get(1), key.get(2), counts.total()));
            row.addAll(shares(counts));
            rows.add(row);
        });
        final List<Column> columns = new ArrayList<>(List.of(Column.text("server", "server"),
            Column.text("fault type", "faultType"), Column.text("recovery", "recovery"),
            Column.count("experiments", "experiments")));
        columns.addAll(shareColumns());
        return Table.of("policy-comparison", "Outcome by recovery policy",
            "Server by fault type by recovery policy (the campaign's recovery axis, or its server settings).",
            columns, rows);
    }

    /** @param report the report @return what each recovery policy lost, summed over its experiments */
    public static Table policyLoss(final CampaignReport report) {
        final Map<String, List<ExperimentResult>> byPolicy = new TreeMap<>();
        for (ExperimentResult r : withPolicy(report)) {
            byPolicy.computeIfAbsent(r.recovery(), k -> new ArrayList<>()).add(r);
        }
        final List<List<Object>> rows = new ArrayList<>();
        byPolicy.forEach((policy, list) -> {
            final Distribution lost = Distribution.of(list.stream().filter(r -> r.serviceLostNanos() != null)
                .mapToLong(ExperimentResult::serviceLostNanos).toArray());
            rows.add(row(policy, list.size(), list.stream().mapToLong(ExperimentResult::connectionsLost).sum(),
                list.stream().mapToLong(ExperimentResult::bytesLost).sum(),
                list.stream().mapToLong(ExperimentResult::requestsFailed).sum(), lost.p50(), lost.max()));
        });
        return Table.of("policy-loss", "Loss by recovery policy",
            "Connections, bytes and requests lost over each policy's experiments, and the service lost per experiment.",
            List.of(Column.text("recovery", "recovery"), Column.count("experiments", "experiments"),
                Column.count("connections lost", "connectionsLost"), Column.count("bytes lost", "bytesLost"),
                Column.count("requests failed", "requestsFailed"), Column.nanos("service lost p50", "serviceLostP50"),
                Column.nanos("service lost max", "serviceLostMax")), rows);
    }

    /**
     * Outcomes and losses grouped by replica of a host's stack, for the hosts that have replicas
     * (a target {@code <host>.<layer>#<r>} names replica r; the host's other layer servers are
     * replica 0, its nic, which every replica shares, a row of its own). Empty, and left out of the
     * report, when no target names a replica.
     *
     * @param report the report
     * @return the table
     */
    public static Table outcomesByReplica(final CampaignReport report) {
        final java.util.Set<String> replicated = new java.util.TreeSet<>();
        for (ExperimentResult r : report.experiments()) {
            if (r.target() != null && r.target().indexOf('#') > 0 && r.target().indexOf('.') > 0) {
                replicated.add(r.target().substring(0, r.target().indexOf('.')));
            }
        }
        final Map<List<String>, List<ExperimentResult>> groups = new TreeMap<>(
            java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (ExperimentResult r : report.experiments()) {
            final String t = r.target();
            final int dot = t == null ? -1 : t.indexOf('.');
            if (dot < 0 || t.startsWith("wire.") || !replicated.contains(t.substring(0, dot))) {
                continue;
            }
            final int hash = t.lastIndexOf('#');
            final String replica = t.endsWith(".nic") ? "nic (shared)" : hash < 0 ? "0" : t.substring(hash + 1);
            groups.computeIfAbsent(List.of(t.substring(0, dot), replica), k -> new ArrayList<>()).add(r);
        }
        final List<List<Object>> rows = new ArrayList<>();
        groups.forEach((key, list) -> {
            final OutcomeCounts counts = new OutcomeCounts();
            list.forEach(r -> counts.add(r.outcome()));
            final List<Object> row = new ArrayList<>(row(key.get(0), key.get(1), list.size(),
                list.stream().mapToLong(ExperimentResult::connectionsLost).sum(),
                list.stream().mapToLong(ExperimentResult::requestsFailed).sum()));
            row.addAll(shares(counts));
            rows.add(row);
        });
        final List<Column> columns = new ArrayList<>(List.of(Column.text("host", "host"),
            Column.text("replica", "replica"), Column.count("experiments", "experiments"),
            Column.count("connections lost", "connectionsLost"), Column.count("requests failed", "requestsFailed")));
        columns.addAll(shareColumns());
        return Table.of("outcomes-by-replica", "Outcome by replica of a host's stack",
            "Faults in one replica's servers (a.tcp#1 is replica 1, a.tcp replica 0), with the connections and "
                + "requests they cost; the nic is shared by every replica.", columns, rows);
    }

    /** The experiments that record a policy; none when no experiment does (no recovery axis or setting). */
    private static List<ExperimentResult> withPolicy(final CampaignReport report) {
        return report.experiments().stream().filter(r -> r.recovery() != null).toList();
    }

    /** {@code crash [recovery=fresh]} is fault type {@code crash} under policy {@code fresh}. */
    private static String baseFault(final String faultType) {
        return faultType == null ? "none" : faultType.replaceFirst(" \\[recovery=[^]]*]$", "");
    }

    /** The command that runs this experiment again into its own directory, when the manifest names the file. */
    private static String rerun(final CampaignReport report, final ExperimentResult r) {
        if (r.golden()) {
            return null;
        }
        return report.results().manifest().map(m -> Rerun.command(m, r)).orElse(null);
    }

    private static String logLink(final CampaignReport report, final ExperimentResult r) {
        return report.eventLogs().get(r.id());
    }

    private static List<Column> shareColumns() {
        return Arrays.stream(Outcome.values()).map(Column::share).toList();
    }

    private static List<Object> shares(final OutcomeCounts counts) {
        return Arrays.stream(Outcome.values()).<Object>map(counts::share).toList();
    }

    private static <T> List<T> nonNull(final List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<Object> row(final Object... cells) {
        return Arrays.asList(cells);
    }
}
