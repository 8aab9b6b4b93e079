package dev.newt.report.render;

import dev.newt.report.chart.Palette;
import dev.newt.report.table.Cells;
import dev.newt.report.table.Column;
import dev.newt.report.table.Kind;
import dev.newt.report.model.Share;
import dev.newt.report.table.Table;
import java.awt.Color;
import java.util.List;
import java.util.Locale;

/** Writes a report table as an HTML table: outcomes as coloured badges, shares shaded, logs as links. */
final class HtmlTables {
    private HtmlTables() {
    }

    /** @param html where to write @param t the table, with its heading, note and cap */
    static void section(final StringBuilder html, final Table t) {
        html.append("<h3 id=\"").append(Text.html(t.id())).append("\">").append(Text.html(t.title())).append("</h3>\n");
        if (!t.note().isEmpty()) {
            html.append("<p class=\"note\">").append(Text.html(t.note())).append("</p>\n");
        }
        table(html, t);
    }

    /** @param html where to write @param t the table alone */
    static void table(final StringBuilder html, final Table t) {
        if (t.rows().isEmpty()) {
            html.append("<p class=\"none\">None.</p>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table class=\"data\">\n<thead><tr>");
        for (Column c : t.columns()) {
            html.append("<th").append(MarkdownWriter.isNumber(c) ? " class=\"num\"" : "").append('>')
                .append(Text.html(c.title())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.shownRows()) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                cell(html, t.columns().get(i), row.get(i));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></div>\n");
        if (!t.capNote().isEmpty()) {
            html.append("<p class=\"note\">").append(Text.html(t.capNote())).append("</p>\n");
        }
    }

    private static void cell(final StringBuilder html, final Column c, final Object value) {
        if (value == null) {
            html.append("<td></td>");
            return;
        }
        switch (c.kind()) {
            case OUTCOME -> html.append("<td>").append(badge((String) value)).append("</td>");
            case LINK -> html.append("<td><a href=\"").append(Text.html(Text.href((String) value))).append("\">")
                .append(Text.html(Text.fileName((String) value))).append("</a></td>");
            case SHARE -> html.append("<td class=\"num\"").append(tint(c, (Share) value)).append('>')
                .append(Text.html(Cells.display(c, value))).append("</td>");
            default -> html.append(c.kind() == Kind.TEXT ? "<td>" : "<td class=\"num\">")
                .append(Text.html(Cells.display(c, value))).append("</td>");
        }
    }

    /** @param label an outcome label @return a badge coloured by the outcome's CSS class */
    static String badge(final String label) {
        return "<span class=\"badge o-" + Text.html(label) + "\">" + Text.html(label) + "</span>";
    }

    /** The more of the row an outcome takes, the stronger its colour. */
    private static String tint(final Column c, final Share s) {
        if (c.tint() == null || s.count() == 0) {
            return "";
        }
        final Color k = Palette.outcome(c.tint());
        final double alpha = 0.15 + 0.65 * s.percent() / 100.0;
        return String.format(Locale.ROOT, " style=\"background:rgba(%d,%d,%d,%.2f)\"",
            k.getRed(), k.getGreen(), k.getBlue(), alpha);
    }
}
