package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.results.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void offATerminalItPrintsPlainLinesWithoutControlCharacters() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3, 1);
        p.finished(Outcome.MASKED);
        p.finished(Outcome.FAILED);
        p.end();
        final String out = bytes.toString(StandardCharsets.UTF_8);
        // The first result prints at once, the last always; nothing else within 10 s.
        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().toList().get(1)).startsWith("[3/3] masked 1, failed 1 | elapsed ").endsWith("eta -");
        assertThat(out.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void onATerminalItRewritesOneLine() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 2, 0);
        p.finished(Outcome.RECOVERED);
        p.finished(Outcome.RECOVERED);
        p.end();
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r[1/2] recovered 1").contains("\r[2/2] recovered 2").endsWith("\n")
            .doesNotContain("\u001b");
    }
}
