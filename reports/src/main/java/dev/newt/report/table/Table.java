package dev.newt.report.table;

import java.util.List;
import java.util.Objects;

/**
 * One table of a report, written alike to the HTML page, the Markdown page and its CSV file.
 *
 * @param id           its name: the CSV file is {@code ID.csv}, the HTML anchor {@code #ID}
 * @param title        heading above it
 * @param note         a sentence under the heading (rule, units, cap), or empty
 * @param columns      its columns
 * @param rows         its rows, each one value per column (null for none)
 * @param displayLimit most rows shown in the pages; the data file holds them all
 */
public record Table(String id, String title, String note, List<Column> columns, List<List<Object>> rows,
                    int displayLimit) {

    /** Checks every row against the columns. */
    public Table {
        Objects.requireNonNull(id, "id");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("table " + id + ": a row has " + row.size()
                    + " cells for " + columns.size() + " columns");
            }
        }
    }

    /** @return a table shown in full */
    public static Table of(final String id, final String title, final String note, final List<Column> columns,
                           final List<List<Object>> rows) {
        return new Table(id, title, note, columns, rows, Integer.MAX_VALUE);
    }

    /** @return the rows the pages show */
    public List<List<Object>> shownRows() {
        return rows.size() <= displayLimit ? rows : rows.subList(0, displayLimit);
    }

    /** @return a sentence saying how many rows the pages leave out and where they are, or empty */
    public String capNote() {
        return rows.size() <= displayLimit ? ""
            : "Showing the first " + displayLimit + " of " + rows.size() + " rows; all of them are in " + id + ".csv.";
    }
}
