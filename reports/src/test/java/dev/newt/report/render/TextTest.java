package dev.newt.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void htmlEscapesMarkupQuotesAndControlCharacters() {
        assertThat(Text.html("<a href=\"x\">'&'</a>\u0001")).isEqualTo(
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD");
        assertThat(Text.html(null)).isEmpty();
    }

    @Test
    void markdownCellsStayOnOneLineAndKeepTheirPipes() {
        assertThat(Text.markdown("a|b\nc <x> [y]")).isEqualTo("a\\|b c &lt;x&gt; \\[y\\]");
    }

    @Test
    void hrefPercentEncodesAllButSafePathCharacters() {
        assertThat(Text.href("events/e0001.jsonl")).isEqualTo("events/e0001.jsonl");
        assertThat(Text.href("events/a b\"<é>.jsonl")).isEqualTo("events/a%20b%22%3C%C3%A9%3E.jsonl");
        assertThat(Text.href("javascript:alert(1)")).isEqualTo("javascript%3Aalert%281%29");
    }

    @Test
    void csvQuotesOnlyWhatMustBeQuoted() {
        assertThat(CsvWriter.field("plain")).isEqualTo("plain");
        assertThat(CsvWriter.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvWriter.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvWriter.field(null)).isEmpty();
        assertThat(CsvWriter.field(12L)).isEqualTo("12");
    }
}
