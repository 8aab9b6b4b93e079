package dev.newt.report.render;

import dev.newt.report.chart.Palette;
import dev.newt.report.model.OutcomeCounts;
import dev.newt.report.model.OutcomeMatrix;
import dev.newt.report.table.Cells;
import dev.newt.results.Outcome;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome matrix at a glance: servers down, fault types across, each cell a bar split by
 * outcome in the outcomes' colours, with the experiment count and the share of the worst outcome.
 */
final class OutcomeGrid {
    private OutcomeGrid() {
    }

    static void write(final StringBuilder html, final OutcomeMatrix matrix) {
        legend(html);
        html.append("<div class=\"scroll\"><table class=\"grid\">\n<thead><tr><th>server \\ fault type</th>");
        matrix.byFault().keySet().forEach(f -> html.append("<th>").append(Text.html(f)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (Map.Entry<String, Map<String, OutcomeCounts>> row : matrix.cells().entrySet()) {
            html.append("<tr><th>").append(Text.html(row.getKey())).append("</th>");
            for (String fault : matrix.byFault().keySet()) {
                final OutcomeCounts counts = row.getValue().get(fault);
                html.append("<td>");
                if (counts != null) {
                    bar(html, counts);
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("<tr class=\"total\"><th>all servers</th>");
        matrix.byFault().values().forEach(counts -> {
            html.append("<td>");
            bar(html, counts);
            html.append("</td>");
        });
        html.append("</tr>\n</tbody></table></div>\n");
    }

    /** @param html where to write @param counts the cell's counts, as a bar and a caption */
    static void bar(final StringBuilder html, final OutcomeCounts counts) {
        html.append("<div class=\"bar\">");
        Outcome worst = null;
        for (Outcome o : Outcome.values()) {
            final long n = counts.count(o);
            if (n > 0) {
                if (o != Outcome.HARNESS_ERROR || worst == null) {
                    worst = o;
                }
                html.append(String.format(Locale.ROOT, "<span style=\"width:%.2f%%;background:%s\" title=\"%s\"></span>",
                    counts.share(o).percent(), Palette.css(Palette.outcome(o)),
                    Text.html(o.label() + " " + Cells.share(counts.share(o)))));
            }
        }
        html.append("</div><div class=\"cap\">n=").append(counts.total());
        if (worst != null) {
            html.append(", ").append(Text.html(worst.label())).append(' ')
                .append(Cells.percent(counts.share(worst).percent())).append('%');
        }
        html.append("</div>");
    }

    private static void legend(final StringBuilder html) {
        html.append("<p class=\"legend\">");
        for (Outcome o : Outcome.values()) {
            html.append(HtmlTables.badge(o.label())).append(' ');
        }
        html.append("<br/>Each cell: a bar split by outcome, the number of experiments, and the share of the "
            + "most severe outcome seen (outcomes above run from least to most severe; harness errors, last, count only "
            + "when a cell has nothing else).</p>\n");
    }
}
