package dev.newt.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDirectoryTest {
    @TempDir
    Path dir;

    private static ExperimentResult r(final String id, final String eventLog) {
        return new ExperimentResult(id, 0, "s", "crash", "nth:1", 0, 1, Outcome.RECOVERED, "", 1L, 1L, 1L, 1, 0, 0, 0,
            0, 0, Map.of(), List.of(), 0, 0, eventLog);
    }

    private void results(final String text) throws IOException {
        Files.writeString(dir.resolve(ResultsDirectory.RESULTS), text);
    }

    @Test
    void readsResultsInOrderSkippingBlankLines() throws IOException {
        results(ResultsJson.toLine(r("e1", null)) + "\n\n" + ResultsJson.toLine(r("e2", null)) + "\n");
        final ResultsDirectory d = ResultsDirectory.read(dir);
        assertThat(d.results()).extracting(ExperimentResult::id).containsExactly("e1", "e2");
        assertThat(d.manifest()).isEmpty();
        assertThat(d.warnings()).containsExactly("campaign.json is missing: the campaign's identity is unknown");
    }

    @Test
    void tornLastLineIsAWarningAndTrailingBlankLinesDoNotHideIt() throws IOException {
        results(ResultsJson.toLine(r("e1", null)) + "\n{\"id\":\"e2\",\"ind\n\n");
        final ResultsDirectory d = ResultsDirectory.read(dir);
        assertThat(d.results()).hasSize(1);
        assertThat(d.warnings()).contains("results.jsonl:2: last line does not parse (torn by a killed run?); skipped");
    }

    @Test
    void badMiddleLineIsAnErrorWithLineAndColumn() throws IOException {
        results(ResultsJson.toLine(r("e1", null)) + "\n{\"id\": 1,, }\n" + ResultsJson.toLine(r("e3", null)) + "\n");
        assertThatThrownBy(() -> ResultsDirectory.read(dir)).isInstanceOf(ResultsException.class)
            .hasMessageStartingWith("results.jsonl:2: line does not parse: ").hasMessageContaining("column");
    }

    @Test
    void repeatedExperimentCountsOnce() throws IOException {
        results(ResultsJson.toLine(r("e1", null)) + "\n" + ResultsJson.toLine(r("e1", null)) + "\n");
        final ResultsDirectory d = ResultsDirectory.read(dir);
        assertThat(d.results()).hasSize(1);
        assertThat(d.warnings()).contains("results.jsonl: experiment e1 appears again; the first one counts");
    }

    @Test
    void eventLogPathDefaultsToTheIdAndMayNotLeaveTheDirectory() throws IOException {
        results(ResultsJson.toLine(r("e1", null)) + "\n");
        final ResultsDirectory d = ResultsDirectory.read(dir);
        assertThat(d.eventLogPath(r("e1", null))).contains("events/e1.jsonl");
        assertThat(d.eventLogPath(r("e1", "logs/one.jsonl"))).contains("logs/one.jsonl");
        assertThat(d.eventLogPath(r("e1", "../x.jsonl"))).isEmpty();
        assertThat(d.eventLogPath(r("e1", "/etc/passwd"))).isEmpty();
        assertThat(d.events(r("e1", null)).warnings()).containsExactly("event log events/e1.jsonl is missing");
    }

    /** A line of a results directory written before the recovery, checkpoint, outage, crash and wall-clock fields. */
    private static final String OLD_LINE = "{\"id\":\"e0007\",\"index\":7,\"target\":\"b.tcp\",\"faultType\":\"crash\","
        + "\"trigger\":\"nth:30\",\"repetition\":0,\"seed\":9,\"outcome\":\"recovered\",\"detail\":\"d\","
        + "\"activatedAt\":1,\"detectionLatencyNanos\":2,\"recoveryNanos\":3,\"restarts\":1,\"connectionsLost\":0,"
        + "\"bytesLost\":0,\"bytesDuplicated\":0,\"bytesCorrupted\":0,\"requestsFailed\":0,\"workload\":{},"
        + "\"updates\":[{\"servers\":[\"b.tcp\"],\"image\":\"tcp-v2\",\"requestedAt\":5,\"result\":\"committed\","
        + "\"quiesceNanos\":0,\"transferNanos\":2000,\"downtimeNanos\":2000,\"totalNanos\":9000,\"reason\":\"\"}],"
        + "\"wallMillis\":4,\"runtimeNanos\":10,\"eventLog\":\"events/e0007.jsonl\"}";

    @Test
    void anOldResultsLineReadsWithTheLaterFieldsUnknown() throws IOException {
        results(OLD_LINE + "\n");
        final ExperimentResult r = ResultsDirectory.read(dir).results().get(0);
        assertThat(r.id()).isEqualTo("e0007");
        assertThat(r.recovery()).isNull();
        assertThat(r.checkpointEvery()).isNull();
        assertThat(r.serviceLostNanos()).isNull();
        assertThat(r.crash()).isNull();
        assertThat(r.updates().get(0).transferNanos()).isEqualTo(2000);
        assertThat(r.updates().get(0).wallTransferNanos()).isNull();
        // and written again, every field is there
        assertThat(ResultsJson.toLine(r)).contains("\"recovery\":null").contains("\"serviceLostNanos\":null")
            .contains("\"wallTransferNanos\":null");
    }
}
