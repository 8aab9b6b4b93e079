package dev.newt.report;

import dev.newt.report.model.CampaignReport;
import dev.newt.report.model.ExperimentTimeline;
import dev.newt.report.render.CsvWriter;
import dev.newt.report.render.ReportContent;
import dev.newt.report.render.HtmlWriter;
import dev.newt.report.render.JunitXml;
import dev.newt.report.render.MarkdownWriter;
import dev.newt.report.render.SummaryJson;
import dev.newt.report.table.Table;
import dev.newt.results.ResultsDirectory;
import dev.newt.results.ResultsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the reliability report of a results directory into it: {@code report.html},
 * {@code report.md}, {@code summary.json}, {@code junit.xml} and one CSV file per table. It reads the directory and
 * nothing else. This is what {@code newt report DIR} and the end of {@code newt run} call.
 */
public final class Reports {
    /** The HTML page's file name. */
    public static final String HTML = "report.html";
    /** The Markdown page's file name. */
    public static final String MARKDOWN = "report.md";
    /** The summary's file name. */
    public static final String SUMMARY = "summary.json";
    /** The JUnit XML file's name, for CI servers. */
    public static final String JUNIT = "junit.xml";

    private Reports() {
    }

    /**
     * @param resultsDir a campaign's results directory
     * @return the files written and the warnings (missing manifest, torn last line, missing event
     *         logs...), which the pages show too
     * @throws ReportException when there is nothing to report (not a directory, no manifest and no
     *                         results, a bad line in the middle of {@code results.jsonl}) or the
     *                         files cannot be written; the message names the directory or file
     */
    public static ReportFiles write(final Path resultsDir) {
        Headless.ensure();
        final ReportContent content;
        try {
            final ResultsDirectory results = ResultsDirectory.read(resultsDir);
            final CampaignReport report = CampaignReport.of(results);
            final List<ExperimentTimeline> timelines = report.timelines().stream()
                .map(choice -> ExperimentTimeline.read(results, choice)).toList();
            content = ReportContent.of(report, timelines);
        } catch (ResultsException e) {
            throw new ReportException("cannot report on " + resultsDir + ": " + e.getMessage(), e);
        }
        try {
            final List<Path> csv = new ArrayList<>();
            for (Table t : content.tables()) {
                csv.add(CsvWriter.write(t, resultsDir));
            }
            final Path md = write(resultsDir.resolve(MARKDOWN), MarkdownWriter.render(content));
            final Path summary = write(resultsDir.resolve(SUMMARY), SummaryJson.render(content));
            final Path junit = write(resultsDir.resolve(JUNIT), JunitXml.render(content));
            final Path html = write(resultsDir.resolve(HTML), HtmlWriter.render(content));
            return new ReportFiles(resultsDir, html, md, summary, junit, List.copyOf(csv),
                content.report().experiments().size(), content.warnings());
        } catch (IOException e) {
            throw new ReportException("cannot write the report into " + resultsDir + ": " + e.getMessage(), e);
        }
    }

    /** Writes beside, then moves: a reader never sees half a page. */
    private static Path write(final Path file, final String text) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
