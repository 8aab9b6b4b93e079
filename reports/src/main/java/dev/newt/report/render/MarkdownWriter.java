package dev.newt.report.render;

import dev.newt.report.table.Cells;
import dev.newt.report.table.Column;
import dev.newt.report.table.Kind;
import dev.newt.report.table.Table;
import java.util.List;
import java.util.Optional;

/** {@code report.md}: the report's tables in Markdown, for a paper's appendix or a pull request. */
public final class MarkdownWriter {
    private MarkdownWriter() {
    }

    /** @param content the report @return the Markdown page */
    public static String render(final ReportContent content) {
        final StringBuilder md = new StringBuilder(4096);
        md.append("# Newt reliability report: ").append(Text.markdown(content.name())).append("\n\n");
        if (!content.warnings().isEmpty()) {
            md.append("## Warnings\n\n");
            content.warnings().forEach(w -> md.append("- ").append(Text.markdown(w)).append('\n'));
            md.append('\n');
        }
        final Optional<String> command = content.report().results().manifest().map(m -> m.command());
        for (Table t : content.tables()) {
            table(md, t);
            if (t == content.campaign() && command.isPresent()) {
                md.append("Reproduce with:\n\n```\n").append(command.get().replace("```", "` ` `")).append("\n```\n\n");
            }
        }
        md.append("Charts and timelines are in report.html; every table is also in TABLE.csv and summary.json.\n");
        return md.toString();
    }

    private static void table(final StringBuilder md, final Table t) {
        md.append("## ").append(Text.markdown(t.title())).append("\n\n");
        if (!t.note().isEmpty()) {
            md.append(Text.markdown(t.note())).append("\n\n");
        }
        if (t.rows().isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        row(md, t.columns().stream().map(Column::title).toList());
        md.append('|');
        t.columns().forEach(c -> md.append(isNumber(c) ? " ---: |" : " --- |"));
        md.append('\n');
        for (List<Object> r : t.shownRows()) {
            final String[] cells = new String[r.size()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cell(t.columns().get(i), r.get(i));
            }
            md.append('|');
            for (String c : cells) {
                md.append(' ').append(c).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        if (!t.capNote().isEmpty()) {
            md.append(t.capNote()).append("\n\n");
        }
    }

    private static void row(final StringBuilder md, final List<String> cells) {
        md.append('|');
        cells.forEach(c -> md.append(' ').append(Text.markdown(c)).append(" |"));
        md.append('\n');
    }

    private static String cell(final Column column, final Object value) {
        if (column.kind() == Kind.LINK && value != null) {
            return "[" + Text.markdown(Text.fileName((String) value)) + "](" + Text.href((String) value) + ")";
        }
        return Text.markdown(Cells.display(column, value));
    }

    static boolean isNumber(final Column c) {
        return c.kind() == Kind.COUNT || c.kind() == Kind.NANOS || c.kind() == Kind.SHARE;
    }
}
