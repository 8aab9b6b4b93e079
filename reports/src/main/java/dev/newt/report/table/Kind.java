package dev.newt.report.table;

import dev.newt.report.model.Share;

/** What a column holds, which decides how each output writes it. */
public enum Kind {
    /** Free text. */
    TEXT,
    /** A whole number. */
    COUNT,
    /** A duration in nanoseconds: milliseconds in the pages, nanoseconds in the data files. */
    NANOS,
    /** A {@link Share}: "count (percent%)" in the pages, two columns in the data files. */
    SHARE,
    /** An outcome label, coloured in the HTML page. */
    OUTCOME,
    /** A path relative to the results directory, a link in the pages. */
    LINK
}
