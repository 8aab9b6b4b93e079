package dev.newt.report;

import static dev.newt.report.ResultsFixture.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Empty, partial and damaged results directories give a clear error or a partial report that says why. */
class PartialResultsTest {
    @TempDir
    Path dir;

    private static final List<ExperimentResult> TWO = List.of(ResultsFixture.golden(),
        experiment(0, "a.tcp", "crash", Outcome.RECOVERED, 1.0, 2.0),
        experiment(1, "a.tcp", "crash", Outcome.FAILED, 1.0, null));

    @Test
    void emptyDirectoryIsAClearError() {
        assertThatThrownBy(() -> Reports.write(dir)).isInstanceOf(ReportException.class)
            .hasMessageContaining(dir.toString()).hasMessageContaining("holds no results")
            .hasMessageContaining("campaign.json").hasMessageContaining("results.jsonl");
    }

    @Test
    void missingDirectoryIsAClearError() {
        final Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> Reports.write(missing)).isInstanceOf(ReportException.class)
            .hasMessageContaining(missing + " is not a directory");
    }

    @Test
    void manifestWithoutResultsGivesAnIdentityOnlyReportWithWarnings() throws IOException {
        new ResultsFixture(dir).manifest(ResultsFixture.manifest("early", 5));
        final ReportFiles files = Reports.write(dir);
        assertThat(files.experiments()).isZero();
        assertThat(files.warnings()).containsExactly("results.jsonl is missing: no experiment has finished",
            "campaign.json announces 5 experiments, results.jsonl holds 0 (run unfinished or killed?)");
        assertThat(Files.readString(files.html())).contains("this report shows what could be read")
            .contains("results.jsonl is missing: no experiment has finished").contains("early");
        assertThat(Files.readString(files.markdown())).contains("## Warnings")
            .contains("- results.jsonl is missing: no experiment has finished");
    }

    @Test
    void resultsWithoutManifestReportWithUnknownIdentity() throws IOException {
        new ResultsFixture(dir).results(TWO).events("e0000", List.of(ResultsFixture.metric("w", 0, 10, 1)));
        final ReportFiles files = Reports.write(dir);
        assertThat(files.experiments()).isEqualTo(2);
        assertThat(files.warnings()).contains("campaign.json is missing: the campaign's identity is unknown");
        assertThat(files.warnings()).anyMatch(w -> w.startsWith("2 of 3 event logs are missing (golden, e0001)"));
        assertThat(ReportText.markdownTable(Files.readString(files.markdown()), "Outcome totals"))
            .anyMatch(r -> r.get("outcome").equals("recovered") && r.get("experiments").equals("1 (50.0%)"));
    }

    @Test
    void unreadableManifestIsAWarningNamingWhere() throws IOException {
        Files.writeString(dir.resolve("campaign.json"), "{\"name\": \"x\",\n \"seed\": oops}");
        new ResultsFixture(dir).results(TWO);
        final ReportFiles files = Reports.write(dir);
        assertThat(files.warnings()).anySatisfy(w -> assertThat(w).startsWith("campaign.json: ")
            .contains("column").endsWith("the campaign's identity is unknown"));
    }

    @Test
    void tornLastLineIsSkippedAndSaid() throws IOException {
        final String torn = ResultsJson.toLine(experiment(2, "a.tcp", "crash", Outcome.RECOVERED, 1.0, 2.0));
        new ResultsFixture(dir).manifest(ResultsFixture.manifest("torn", 3)).results(TWO)
            .appendResults(torn.substring(0, torn.length() / 2));
        final ReportFiles files = Reports.write(dir);
        assertThat(files.experiments()).isEqualTo(2);
        assertThat(files.warnings()).contains(
            "results.jsonl:4: last line does not parse (torn by a killed run?); skipped",
            "campaign.json announces 3 experiments, results.jsonl holds 2 (run unfinished or killed?)");
        assertThat(Files.readString(files.html())).contains("results.jsonl:4: last line does not parse");
    }

    @Test
    void badLineBeforeTheLastIsAnErrorNamingFileAndLine() {
        new ResultsFixture(dir).manifest(ResultsFixture.manifest("bad", 2)).results(TWO.subList(0, 2))
            .appendResults("{\"id\": \"e0001\", \"outcome\": \"exploded\"}\n").results(TWO.subList(2, 3));
        assertThatThrownBy(() -> Reports.write(dir)).isInstanceOf(ReportException.class)
            .hasMessageContaining("results.jsonl:3: line does not parse").hasMessageContaining("exploded");
    }

    @Test
    void damagedEventLogStillDrawsWhatItCanAndSaysWhichLines() throws IOException {
        final String good = dev.newt.core.event.EventJson.toLine(ResultsFixture.metric("w", 0, 10, 1));
        new ResultsFixture(dir).manifest(ResultsFixture.manifest("logs", 2)).results(TWO)
            .eventText("golden", good + "\nnot json\n" + good + "\n{\"type\":\"crashed\",\"ti")
            .eventText("e0000", good + "\n").eventText("e0001", good + "\n");
        final ReportFiles files = Reports.write(dir);
        assertThat(files.warnings()).containsExactly(
            "timeline of golden: events/golden.jsonl:2: line does not parse (not an event: Unrecognized token "
                + "'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')); skipped",
            "timeline of golden: events/golden.jsonl:4: last line does not parse (torn by a killed run?); skipped");
        assertThat(Files.readString(files.html())).contains("id=\"timeline-golden\"");
    }

    @Test
    void eventLogPathOutsideTheDirectoryIsNeitherLinkedNorRead() throws IOException {
        final ExperimentResult r = experiment(0, "a.tcp", "crash", Outcome.RECOVERED, 1.0, 2.0);
        final ExperimentResult escaping = new ExperimentResult(r.id(), r.index(), r.target(), r.faultType(), r.trigger(),
            r.repetition(), r.seed(), r.outcome(), r.detail(), r.activatedAt(), r.detectionLatencyNanos(),
            r.recoveryNanos(), r.restarts(), 0, 0, 0, 0, 0, null, null, 1, 1, "../../etc/passwd");
        new ResultsFixture(dir).manifest(ResultsFixture.manifest("escape", 1)).results(List.of(escaping));
        final ReportFiles files = Reports.write(dir);
        assertThat(files.warnings()).contains(
            "timeline of e0000: event log path '../../etc/passwd' leaves the results directory; ignored");
        assertThat(Files.readString(files.html())).doesNotContain("passwd\"");
    }
}
