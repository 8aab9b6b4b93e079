package dev.newt.report.table;

import dev.newt.results.Outcome;

/**
 * A column of a report table.
 *
 * @param title   heading in the pages, such as {@code p50 (ms)}
 * @param csvName heading in the data files, such as {@code p50Nanos}
 * @param kind    what its cells hold
 * @param tint    the outcome whose colour shades its cells in the HTML page, or null
 */
public record Column(String title, String csvName, Kind kind, Outcome tint) {

    /** @param title heading in the pages @param csvName heading in the data files @param kind cells */
    public Column(final String title, final String csvName, final Kind kind) {
        this(title, csvName, kind, null);
    }

    /** @param title heading @param csvName data heading @return a text column */
    public static Column text(final String title, final String csvName) {
        return new Column(title, csvName, Kind.TEXT);
    }

    /** @param title heading @param csvName data heading @return a count column */
    public static Column count(final String title, final String csvName) {
        return new Column(title, csvName, Kind.COUNT);
    }

    /**
     * @param title   heading without the unit, such as {@code p50}
     * @param csvName data heading without the unit, such as {@code p50}
     * @return a duration column headed {@code p50 (ms)} in the pages and {@code p50Nanos} in the data
     */
    public static Column nanos(final String title, final String csvName) {
        return new Column(title + " (ms)", csvName + "Nanos", Kind.NANOS);
    }

    /** @param outcome the outcome counted @return a share column for it, tinted with its colour */
    public static Column share(final Outcome outcome) {
        return new Column(outcome.label(), outcome.label(), Kind.SHARE, outcome);
    }
}
