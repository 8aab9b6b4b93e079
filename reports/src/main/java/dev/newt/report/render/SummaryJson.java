package dev.newt.report.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.newt.report.model.TimelineSelection;
import dev.newt.report.table.Cells;
import dev.newt.report.table.Column;
import dev.newt.report.table.Table;
import dev.newt.results.ResultsJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the campaign's identity, the warnings, and every aggregate table as a list
 * of rows keyed by the CSV headings (durations in nanoseconds). The per-experiment table is left
 * out: it is {@code results.jsonl} again, and {@code experiments.csv} holds it.
 */
public final class SummaryJson {
    /** Names this file's layout, for readers to check. */
    public static final String FORMAT = "newt-report-summary/1";

    private SummaryJson() {
    }

    /** @param content the report @return the JSON document */
    public static String render(final ReportContent content) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("campaign", content.report().results().manifest().orElse(null));
        doc.put("experiments", content.report().experiments().size());
        doc.put("goldenRun", content.report().golden() != null);
        doc.put("warnings", content.warnings());
        doc.put("timelineRule", TimelineSelection.RULE);
        final Map<String, Object> tables = new LinkedHashMap<>();
        for (Table t : content.tables()) {
            if (t != content.experiments()) {
                tables.put(t.id(), rows(t));
            }
        }
        doc.put("tables", tables);
        doc.put("experimentsTable", content.experiments().id() + ".csv");
        try {
            return ResultsJson.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
                .without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary cannot be written as JSON", e);
        }
    }

    private static List<Map<String, Object>> rows(final Table t) {
        final List<Map<String, Object>> rows = new ArrayList<>(t.rows().size());
        for (List<Object> r : t.rows()) {
            final Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                final Column c = t.columns().get(i);
                final List<String> names = Cells.dataHeadings(c);
                final List<Object> values = Cells.dataValues(c, r.get(i));
                for (int k = 0; k < names.size(); k++) {
                    row.put(names.get(k), values.get(k));
                }
            }
            rows.add(row);
        }
        return rows;
    }
}
