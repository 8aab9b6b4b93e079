package dev.newt.report.render;

import dev.newt.report.table.Cells;
import dev.newt.report.table.Column;
import dev.newt.report.table.Table;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a table as RFC 4180 CSV with raw values: every row, durations in nanoseconds. */
public final class CsvWriter {
    private CsvWriter() {
    }

    /**
     * @param table the table
     * @param dir   where to write {@code ID.csv}
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public static Path write(final Table table, final Path dir) throws IOException {
        final Path file = dir.resolve(table.id() + ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            final List<Object> headings = new ArrayList<>();
            table.columns().forEach(c -> headings.addAll(Cells.dataHeadings(c)));
            line(out, headings);
            for (List<Object> row : table.rows()) {
                final List<Object> values = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    final Column c = table.columns().get(i);
                    values.addAll(Cells.dataValues(c, row.get(i)));
                }
                line(out, values);
            }
        }
        return file;
    }

    private static void line(final BufferedWriter out, final List<Object> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(values.get(i)));
        }
        out.write("\r\n");
    }

    /** @param value a value, or null @return it as a CSV field, quoted when it must be */
    static String field(final Object value) {
        if (value == null) {
            return "";
        }
        final String s = String.valueOf(value);
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
