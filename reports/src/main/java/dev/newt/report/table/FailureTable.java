package dev.newt.report.table;

import dev.newt.report.model.CampaignReport;
import dev.newt.results.ExperimentResult;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A search's failures by class (outcome and failed check, the results' {@code failureClass}): how many
 * runs, the first with its detail and event log, and its shrunk schedule when shrinking wrote one
 * ({@code shrunk/ID.yaml}, replayed by {@code newt run} on it). Empty for campaigns without schedules.
 */
public final class FailureTable {
    private FailureTable() {
    }

    /** @param report the report @return one row per failure class */
    public static Table of(final CampaignReport report) {
        final Map<String, List<ExperimentResult>> byClass = new TreeMap<>();
        for (ExperimentResult r : report.experiments()) {
            if (r.failureClass() != null) {
                byClass.computeIfAbsent(r.failureClass(), k -> new ArrayList<>()).add(r);
            }
        }
        final List<List<Object>> rows = new ArrayList<>();
        byClass.forEach((k, runs) -> {
            final ExperimentResult first = runs.stream().min(java.util.Comparator.comparingInt(ExperimentResult::index))
                .orElseThrow();
            final String shrunk = "shrunk/" + first.id() + ".yaml";
            rows.add(Arrays.asList(k, runs.size(), first.id(), first.detail(), report.eventLogs().get(first.id()),
                Files.isRegularFile(report.results().path().resolve(shrunk)) ? shrunk : null));
        });
        return Table.of("failure-classes", "Failures by class",
            "Runs of the schedules that ended failed, corrupted or harness-error, by outcome and failed check; the "
                + "first of each class is the one shrunk (shrunk/ID.yaml replays it: newt run shrunk/ID.yaml).",
            List.of(Column.text("failure class", "failureClass"), Column.count("runs", "runs"),
                Column.text("first", "first"), Column.text("its detail", "detail"),
                new Column("event log", "eventLog", Kind.LINK), new Column("shrunk", "shrunk", Kind.LINK)), rows);
    }
}
