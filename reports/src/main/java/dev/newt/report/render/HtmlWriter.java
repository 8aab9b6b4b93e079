package dev.newt.report.render;

import dev.newt.report.chart.DistributionChart;
import dev.newt.report.chart.InlineSvg;
import dev.newt.report.chart.Palette;
import dev.newt.report.chart.TimelineChart;
import dev.newt.report.model.ExperimentTimeline;
import dev.newt.report.model.ServerLatencies;
import dev.newt.report.table.Rerun;
import dev.newt.report.table.Table;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code report.html}: one self-contained page (inline CSS, inline SVG charts, no script, no
 * external resource), written as XHTML-compatible markup so that it parses as XML.
 */
public final class HtmlWriter {
    private final ReportContent content;
    private final StringBuilder html = new StringBuilder(1 << 16);
    private int charts;

    private HtmlWriter(final ReportContent content) {
        this.content = content;
    }

    /** @param content the report @return the HTML page */
    public static String render(final ReportContent content) {
        return new HtmlWriter(content).page();
    }

    private String page() {
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
            .append("<meta charset=\"utf-8\"/>\n<title>Newt report: ").append(Text.html(content.name()))
            .append("</title>\n<style>\n").append(Css.STYLE).append(outcomeStyles()).append("</style>\n</head>\n<body>\n")
            .append("<h1>Newt reliability report: ").append(Text.html(content.name())).append("</h1>\n");
        contents();
        warnings();
        unfired();
        if (!content.failureClasses().rows().isEmpty()) {
            html.append("<section>\n");
            HtmlTables.section(html, content.failureClasses());
            html.append("</section>\n");
        }
        campaign();
        outcomes();
        distributions();
        updates();
        timelines();
        experiments();
        html.append("<footer><p>Data: summary.json and one CSV file per table (")
            .append(Text.html(String.join(", ", content.tables().stream().map(t -> t.id() + ".csv").toList())))
            .append("), durations in nanoseconds. Written by Newt reports from results.jsonl and events/.</p></footer>\n")
            .append("</body>\n</html>\n");
        return html.toString();
    }

    private void contents() {
        html.append("<nav><a href=\"#campaign\">campaign</a> <a href=\"#outcomes-section\">outcomes</a> ")
            .append("<a href=\"#distributions\">detection and recovery</a> <a href=\"#updates-section\">updates</a> ")
            .append("<a href=\"#timelines-section\">timelines</a> <a href=\"#experiments-section\">experiments</a>")
            .append("</nav>\n");
    }

    private void warnings() {
        if (content.warnings().isEmpty()) {
            return;
        }
        html.append("<div class=\"warn\" id=\"warnings\"><h2>Warnings</h2><p>Some input was missing or damaged; this report shows what could be read:</p><ul>\n");
        content.warnings().forEach(w -> html.append("<li>").append(Text.html(w)).append("</li>\n"));
        html.append("</ul></div>\n");
    }

    /** Broken runs whose fault did not fire come first: they are findings, not grey cells. */
    private void unfired() {
        if (content.unfired().rows().isEmpty()) {
            return;
        }
        html.append("<div class=\"finding\" id=\"unfired\">\n");
        HtmlTables.section(html, content.unfired());
        html.append("</div>\n");
    }

    private void campaign() {
        html.append("<section>\n<h2>Campaign</h2>\n");
        HtmlTables.section(html, content.campaign());
        final Optional<String> command = content.report().results().manifest().map(m -> m.command());
        command.ifPresent(c -> html.append("<p>Reproduce with:</p>\n<pre class=\"command\">").append(Text.html(c))
            .append("</pre>\n"));
        html.append("</section>\n");
    }

    private void outcomes() {
        html.append("<section>\n<h2 id=\"outcomes-section\">Outcomes</h2>\n");
        HtmlTables.section(html, content.outcomes());
        if (content.report().matrix().totals().total() > 0) {
            OutcomeGrid.bar(html, content.report().matrix().totals());
            html.append("<h3 id=\"outcome-grid\">Outcome matrix: server by fault type</h3>\n");
            OutcomeGrid.write(html, content.report().matrix());
        }
        HtmlTables.section(html, content.outcomeMatrix());
        HtmlTables.section(html, content.outcomesByFault());
        if (!content.policyOutcomes().rows().isEmpty()) {
            html.append("<h3 id=\"policies\">Recovery policies compared</h3>\n");
            HtmlTables.section(html, content.policyOutcomes());
            HtmlTables.section(html, content.policyLoss());
        }
        if (!content.byReplica().rows().isEmpty()) {
            html.append("<h3 id=\"replicas\">Replicas of a host's stack</h3>\n");
            HtmlTables.section(html, content.byReplica());
        }
        html.append("</section>\n");
    }

    private void distributions() {
        html.append("<section>\n<h2 id=\"distributions\">Detection latency and recovery time</h2>\n")
            .append("<p class=\"note\">Curves: the fraction of a server's experiments at or below each duration; ")
            .append("the ").append(DistributionChart.MAX_SERVERS)
            .append(" servers with the most experiments are drawn, the tables list all.</p>\n");
        distribution(content.detection(), "Detection latency by server", content.report().detection());
        distribution(content.recovery(), "Recovery time by server", content.report().recovery());
        html.append("</section>\n");
    }

    private void distribution(final Table table, final String title, final ServerLatencies latencies) {
        HtmlTables.section(html, table);
        if (!latencies.isEmpty()) {
            chart(DistributionChart.cdf(title, latencies));
        }
    }

    private void updates() {
        html.append("<section>\n<h2 id=\"updates-section\">Live updates</h2>\n");
        if (content.updates().rows().isEmpty()) {
            html.append("<p class=\"none\">No experiment performed a live update.</p>\n");
        } else {
            HtmlTables.section(html, content.updateSummary());
            HtmlTables.section(html, content.updates());
        }
        html.append("</section>\n");
    }

    private void timelines() {
        html.append("<section>\n<h2 id=\"timelines-section\">Timelines</h2>\n");
        phaseLegend();
        HtmlTables.section(html, content.timelineTable());
        for (ExperimentTimeline t : content.timelines()) {
            final ExperimentResult r = t.choice().experiment();
            html.append("<div class=\"timeline\" id=\"timeline-").append(Text.html(r.id())).append("\">\n<h3>")
                .append(Text.html(r.id())).append(' ').append(HtmlTables.badge(r.outcome().label())).append("</h3>\n<p>")
                .append(Text.html(t.choice().reason())).append(". ").append(Text.html(describe(r))).append("</p>\n");
            figures(r, t);
            final Optional<XYChart> drawn = TimelineChart.chart(r.id(), t.timeline());
            if (drawn.isEmpty()) {
                html.append("<p class=\"none\">Nothing to draw: ").append(t.warnings().isEmpty()
                    ? "the event log holds no workload metrics and no phases." : Text.html(t.warnings().get(0)))
                    .append("</p>\n");
            }
            drawn.ifPresent(this::chart);
            final Table phases = phasesOf(r.id());
            if (phases.rows().isEmpty()) {
                html.append("<p class=\"none\">No fault, recovery or update phase in the event log.</p>\n");
            } else {
                HtmlTables.table(html, phases);
            }
            html.append("</div>\n");
        }
        html.append("</section>\n");
    }

    /** Detection, restart and the outage side by side, where it crashed, and how to run it again. */
    private void figures(final ExperimentResult r, final ExperimentTimeline t) {
        html.append("<p class=\"figures\">").append(Text.html(TimelineFigures.line(r, t.timeline()))).append("</p>\n");
        if (r.crash() != null) {
            html.append("<p class=\"crash\">Crash: <code>").append(Text.html(r.crash())).append("</code></p>\n");
        }
        content.report().results().manifest().filter(m -> !r.golden()).ifPresent(m -> html
            .append("<p class=\"note\">Run it again: <code>").append(Text.html(Rerun.command(m, r)))
            .append("</code></p>\n"));
    }

    private Table phasesOf(final String id) {
        final Table all = content.phases();
        return Table.of(all.id(), all.title(), "", all.columns(),
            all.rows().stream().filter(row -> id.equals(row.get(0))).toList());
    }

    private static String describe(final ExperimentResult r) {
        final StringBuilder b = new StringBuilder();
        if (r.target() != null) {
            b.append(r.faultType()).append(" in ").append(r.target());
            if (r.trigger() != null) {
                b.append(" (").append(r.trigger()).append(')');
            }
            b.append(", ");
        }
        b.append("seed ").append(r.seed());
        if (r.detail() != null && !r.detail().isBlank()) {
            b.append(": ").append(r.detail());
        }
        return b.toString();
    }

    private void phaseLegend() {
        html.append("<p class=\"legend\">Shaded: ");
        for (String kind : List.of("fault", "recovery", "gave-up", "outage", "update:quiesce", "update:transfer",
            "update:probation", "update:rollback")) {
            html.append("<span class=\"swatch\" style=\"background:").append(Palette.css(Palette.phase(kind)))
                .append("\"></span>").append(Text.html(kind)).append(' ');
        }
        html.append("</p>\n");
    }

    private void experiments() {
        html.append("<section>\n<h2 id=\"experiments-section\">Experiments</h2>\n");
        HtmlTables.section(html, content.experiments());
        html.append("</section>\n");
    }

    /** A chart that cannot be drawn says so in its place: the rest of the report still stands. */
    private void chart(final Chart<?, ?> chart) {
        final String id = "chart" + charts++;
        try {
            final String svg = InlineSvg.render(chart, id);
            html.append("<div class=\"chart\">").append(svg).append("</div>\n");
        } catch (RuntimeException e) {
            html.append("<p class=\"none\">Chart \"").append(Text.html(chart.getTitle()))
                .append("\" could not be drawn: ").append(Text.html(String.valueOf(e))).append("</p>\n");
        }
    }

    private static String outcomeStyles() {
        final StringBuilder css = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            css.append(".o-").append(o.label()).append("{background:").append(Palette.css(Palette.outcome(o)))
                .append("}\n");
        }
        return css.toString();
    }
}
