package dev.newt.report.table;

import dev.newt.report.model.Share;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a cell is written: for people in the pages, raw in the data files. */
public final class Cells {
    private Cells() {
    }

    /**
     * @param column the cell's column
     * @param value  the cell, or null
     * @return the text the pages show, empty for null
     */
    public static String display(final Column column, final Object value) {
        if (value == null) {
            return "";
        }
        return switch (column.kind()) {
            case NANOS -> millis(((Number) value).longValue());
            case SHARE -> share((Share) value);
            default -> String.valueOf(value);
        };
    }

    /** @param nanos a duration @return it in milliseconds with three decimals */
    public static String millis(final long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** @param share part of a whole @return {@code 3 (30.0%)}, or {@code 0} */
    public static String share(final Share share) {
        return share.count() == 0 ? "0" : share.count() + " (" + percent(share.percent()) + "%)";
    }

    /** @param percent a percentage @return it with one decimal */
    public static String percent(final double percent) {
        return String.format(Locale.ROOT, "%.1f", percent);
    }

    /** @param column a column @return its headings in the data files: two for a share, else one */
    public static List<String> dataHeadings(final Column column) {
        return column.kind() == Kind.SHARE
            ? List.of(column.csvName(), column.csvName() + "Percent") : List.of(column.csvName());
    }

    /**
     * @param column the cell's column
     * @param value  the cell, or null
     * @return its raw values in the data files, one per heading of {@link #dataHeadings}; null for none
     */
    public static List<Object> dataValues(final Column column, final Object value) {
        if (column.kind() == Kind.SHARE) {
            final Share s = (Share) value;
            final List<Object> both = new ArrayList<>(2);
            both.add(s == null ? null : s.count());
            both.add(s == null ? null : Math.round(s.percent() * 10) / 10.0);
            return both;
        }
        final List<Object> one = new ArrayList<>(1);
        one.add(value);
        return one;
    }
}
