package dev.newt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads tables back from the report's Markdown and CSV files, as a reader of the report would. */
final class ReportText {
    private ReportText() {
    }

    /** @return the rows of the Markdown table under {@code ## title}, each keyed by column title */
    static List<Map<String, String>> markdownTable(final String md, final String title) {
        final String[] lines = md.split("\n");
        int i = 0;
        while (i < lines.length && !lines[i].equals("## " + title)) {
            i++;
        }
        if (i == lines.length) {
            throw new AssertionError("no section '## " + title + "' in report.md");
        }
        while (i < lines.length && !lines[i].startsWith("|")) {
            i++;
        }
        final List<String> header = cells(lines[i]);
        final List<Map<String, String>> rows = new ArrayList<>();
        for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) {
            rows.add(zip(header, cells(lines[i])));
        }
        return rows;
    }

    /** Splits a Markdown table row on its unescaped pipes and unescapes the cells. */
    static List<String> cells(final String line) {
        final List<String> cells = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cell.append(line.charAt(++i));
            } else if (c == '|') {
                cells.add(cell.toString().strip().replace("&lt;", "<").replace("&gt;", ">"));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    /** @return the rows of an RFC 4180 CSV file, each keyed by its heading */
    static List<Map<String, String>> csv(final Path file) {
        final String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        final List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            rows.add(zip(records.get(0), r));
        }
        return rows;
    }

    private static Map<String, String> zip(final List<String> header, final List<String> cells) {
        if (header.size() != cells.size()) {
            throw new AssertionError("row " + cells + " does not match header " + header);
        }
        final Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), cells.get(i));
        }
        return row;
    }

    /** @return the one row whose column has the value */
    static Map<String, String> rowWhere(final List<Map<String, String>> rows, final String column, final String value) {
        return rows.stream().filter(r -> value.equals(r.get(column))).findFirst()
            .orElseThrow(() -> new AssertionError("no row with " + column + " = " + value + " in " + rows));
    }
}
