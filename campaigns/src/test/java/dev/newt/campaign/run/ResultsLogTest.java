package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsLogTest {
    @TempDir
    Path dir;

    private static ExperimentResult result(final int i) {
        return new ExperimentResult(String.format("e%04d", i), i, "b.ip", "crash", "nth:1", 0, i, Outcome.MASKED, "d",
            1L, null, null, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), 5, 10, "events/e.jsonl");
    }

    @Test
    void aLastLineWithoutItsNewlineIsTornAndCutOffBeforeAppending() throws Exception {
        final Path f = dir.resolve("results.jsonl");
        try (ResultsLog log = ResultsLog.create(f)) {
            log.append(result(0));
            log.append(result(1));
        }
        final String whole = Files.readString(f);
        Files.writeString(f, whole + ResultsJson.toLine(result(2)).substring(0, 40));
        final ResultsLog.Contents c = ResultsLog.read(f);
        assertThat(c.results()).extracting(ExperimentResult::id).containsExactly("e0000", "e0001");
        assertThat(c.tornBytes()).isEqualTo(40);
        try (ResultsLog log = ResultsLog.openForResume(f, c)) {
            log.append(result(2));
        }
        assertThat(ResultsLog.read(f).results()).extracting(ExperimentResult::id)
            .containsExactly("e0000", "e0001", "e0002");
        assertThat(ResultsLog.read(f).tornBytes()).isZero();
    }

    @Test
    void aBadLineBeforeTheLastIsAnErrorNamingTheFileAndLine() throws Exception {
        final Path f = dir.resolve("results.jsonl");
        Files.writeString(f, ResultsJson.toLine(result(0)) + "\n{oops\n" + ResultsJson.toLine(result(1)) + "\n");
        assertThatThrownBy(() -> ResultsLog.read(f)).hasMessageStartingWith(f + ":2: not a result");
    }
}
