package dev.newt.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Reports#write} wrote.
 *
 * @param directory   the results directory
 * @param html        {@code report.html}
 * @param markdown    {@code report.md}
 * @param summary     {@code summary.json}
 * @param junit       {@code junit.xml}: one test case per experiment, for CI servers
 * @param csv         one CSV file per table
 * @param experiments experiments reported, golden run excluded
 * @param warnings    what was missing or skipped; the report shows them too
 */
public record ReportFiles(Path directory, Path html, Path markdown, Path summary, Path junit, List<Path> csv,
                          int experiments, List<String> warnings) {

    /** @return every file written */
    public List<Path> all() {
        final List<Path> all = new ArrayList<>(List.of(html, markdown, summary, junit));
        all.addAll(csv);
        return all;
    }
}
