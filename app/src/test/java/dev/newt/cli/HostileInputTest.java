package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands given hostile input: a clear message in the user's words and exit code 2, never a stack trace. */
class HostileInputTest {
    private final CapturedStreams streams = new CapturedStreams();
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        streams.capture();
    }

    @AfterEach
    void restore() {
        streams.restore();
    }

    private int newt(final String... args) {
        return NewtCli.commandLine().execute(args);
    }

    @Test
    void runAndMergeRefuseAnEmptyOutAndADirectoryHoldingSomethingElse() throws Exception {
        assertThat(newt("run", "examples/pf-state-loss.yaml", "--out", "")).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("--out is empty");
        final Path mine = dir.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("report.md"), "mine");
        streams.clearErr();
        assertThat(newt("run", "examples/pf-state-loss.yaml", "--out", mine.toString())).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("holds files but no results");
        assertThat(Files.readString(mine.resolve("report.md"))).isEqualTo("mine");
        assertThat(newt("merge", mine.toString(), "--out", "")).isEqualTo(NewtCli.USAGE);
    }

    @Test
    void validateRefusesWhatIsNotARegularFileAtOnceInTheUsersWords() {
        assertThat(newt("validate", "/dev/zero")).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("/dev/zero:1:1").contains("not a regular file");
        assertThat(newt("validate", dir.resolve("missing.yaml").toString())).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("no such file").doesNotContain("Exception");
    }

    @Test
    void anUnwritableOutSaysWhyWithoutAStackTrace() throws Exception {
        final Path file = dir.resolve("out-is-a-file");
        Files.writeString(file, "x");
        assertThat(newt("run", "examples/pf-state-loss.yaml", "--out", file.resolve("sub").toString()))
            .isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("cannot create").containsIgnoringCase("not a directory").doesNotContain("Exception");
    }
}
