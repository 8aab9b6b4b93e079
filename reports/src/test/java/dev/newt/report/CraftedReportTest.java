package dev.newt.report;

import static dev.newt.report.ReportText.csv;
import static dev.newt.report.ReportText.markdownTable;
import static dev.newt.report.ReportText.rowWhere;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The report of a campaign whose figures are known holds those figures, in every output. */
@ExtendWith(CraftedReport.Shared.class)
class CraftedReportTest {
    static Path dir;
    static ReportFiles files;
    static String md;

    @BeforeAll
    static void readReport(final CraftedReport report) throws IOException {
        dir = report.dir;
        files = report.files;
        md = Files.readString(files.markdown());
    }

    @Test
    void writesEveryFileAndNoWarningForACompleteDirectory() {
        assertThat(files.warnings()).isEmpty();
        assertThat(files.experiments()).isEqualTo(10);
        assertThat(files.all()).allMatch(Files::isRegularFile);
        assertThat(files.csv()).extracting(p -> p.getFileName().toString()).contains("outcomes.csv",
            "outcome-matrix.csv", "outcomes-by-fault.csv", "detection-latency.csv", "recovery-time.csv",
            "updates.csv", "update-summary.csv", "timelines.csv", "timeline-phases.csv", "experiments.csv",
            "campaign.csv");
    }

    @Test
    void outcomeTotalsCountAndPercentTheExperimentsGoldenRunExcluded() {
        final List<Map<String, String>> rows = markdownTable(md, "Outcome totals");
        assertThat(rowWhere(rows, "outcome", "recovered").get("experiments")).isEqualTo("5 (50.0%)");
        assertThat(rowWhere(rows, "outcome", "masked").get("experiments")).isEqualTo("2 (20.0%)");
        assertThat(rowWhere(rows, "outcome", "not-activated").get("experiments")).isEqualTo("1 (10.0%)");
        assertThat(rowWhere(rows, "outcome", "corrupted").get("experiments")).isEqualTo("0");
        final List<Map<String, String>> data = csv(dir.resolve("outcomes.csv"));
        assertThat(rowWhere(data, "outcome", "failed")).containsEntry("experiments", "1")
            .containsEntry("experimentsPercent", "10.0");
    }

    @Test
    void outcomeMatrixHoldsEachServerAndFaultTypeWithRowPercentages() {
        final List<Map<String, String>> rows = markdownTable(md, "Outcome by server and fault type");
        assertThat(rows).extracting(r -> r.get("server") + "/" + r.get("fault type"))
            .containsExactly("(none)/(none)", "a.tcp/crash", "a.tcp/hang", "b.ip/crash");
        final Map<String, String> tcpCrash = rows.get(1);
        assertThat(tcpCrash).containsEntry("experiments", "4").containsEntry("recovered", "3 (75.0%)")
            .containsEntry("failed", "1 (25.0%)").containsEntry("degraded", "0");
        assertThat(rows.get(3)).containsEntry("recovered", "1 (33.3%)").containsEntry("masked", "1 (33.3%)")
            .containsEntry("not-activated", "1 (33.3%)");
        final List<Map<String, String>> data = csv(dir.resolve("outcome-matrix.csv"));
        assertThat(data.get(2)).containsEntry("server", "a.tcp").containsEntry("faultType", "hang")
            .containsEntry("experiments", "2").containsEntry("recovered", "1").containsEntry("recoveredPercent", "50.0")
            .containsEntry("degraded", "1").containsEntry("degradedPercent", "50.0");
    }

    @Test
    void detectionAndRecoveryPercentilesAreNearestRankPerServerAndOverall() {
        final List<Map<String, String>> detection = markdownTable(md, "Detection latency");
        assertThat(rowWhere(detection, "server", "a.tcp")).containsEntry("experiments", "6")
            .containsEntry("p50 (ms)", "3.000").containsEntry("p90 (ms)", "6.000").containsEntry("max (ms)", "6.000");
        assertThat(rowWhere(detection, "server", "b.ip")).containsEntry("p50 (ms)", "0.500");
        assertThat(rowWhere(detection, "server", "all servers")).containsEntry("experiments", "7")
            .containsEntry("p50 (ms)", "3.000");
        final List<Map<String, String>> recovery = csv(dir.resolve("recovery-time.csv"));
        assertThat(rowWhere(recovery, "server", "a.tcp")).containsEntry("experiments", "5")
            .containsEntry("p50Nanos", "30000000").containsEntry("p90Nanos", "60000000")
            .containsEntry("p99Nanos", "60000000").containsEntry("maxNanos", "60000000");
    }

    @Test
    void updateTableHoldsEveryUpdateWithItsPhasesAndDowntime() {
        final List<Map<String, String>> rows = markdownTable(md, "Live updates");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("experiment", "e0009").containsEntry("result", "committed")
            .containsEntry("quiesce (ms)", "2.000").containsEntry("transfer (ms)", "3.000")
            .containsEntry("downtime (ms)", "4.000").containsEntry("total (ms)", "9.000");
        assertThat(rows.get(1).get("reason")).isEqualTo("state transfer failed: field 'x' missing");
        final Map<String, String> summary = csv(dir.resolve("update-summary.csv")).get(0);
        assertThat(summary).containsEntry("servers", "a.tcp").containsEntry("updates", "2")
            .containsEntry("committed", "1").containsEntry("rolledBack", "1").containsEntry("downtimeMaxNanos", "8000000");
    }

    @Test
    void timelinesFollowTheStatedRule() {
        final List<Map<String, String>> rows = csv(dir.resolve("timelines.csv"));
        assertThat(rows).extracting(r -> r.get("experiment"))
            .containsExactly("golden", "e0005", "e0007", "e0008", "e0000", "e0003");
        assertThat(rows.get(1).get("reason")).isEqualTo("longest recovery (60.000 ms); first degraded");
        assertThat(rows.get(4)).containsEntry("reason", "first recovered").containsEntry("eventLog", "events/e0000.jsonl");
    }

    @Test
    void timelinePhasesComeFromTheEventLog() {
        final List<Map<String, String>> phases = csv(dir.resolve("timeline-phases.csv")).stream()
            .filter(r -> r.get("experiment").equals("e0000")).toList();
        assertThat(phases).extracting(r -> r.get("phase") + " " + r.get("server") + " " + r.get("startNanos")
            + " " + r.get("durationNanos"))
            .containsExactly("fault a.tcp 50000000 0", "recovery a.tcp 51000000 10000000");
    }

    @Test
    void experimentsTableListsEveryExperimentWithItsEventLog() {
        final List<Map<String, String>> rows = markdownTable(md, "Experiments");
        assertThat(rows).hasSize(11);
        assertThat(rows.get(0)).containsEntry("id", "golden").containsEntry("event log", "[golden.jsonl](events/golden.jsonl)");
        assertThat(rowWhere(rows, "id", "e0005")).containsEntry("outcome", "degraded")
            .containsEntry("requests failed", "3").containsEntry("recovery (ms)", "60.000");
        assertThat(csv(dir.resolve("experiments.csv"))).hasSize(11);
    }

    @Test
    void summaryJsonHoldsTheIdentityAndTheAggregateTables() throws IOException {
        final JsonNode summary = new ObjectMapper().readTree(files.summary().toFile());
        assertThat(summary.path("campaign").path("name").asText()).isEqualTo(CraftedCampaign.NAME);
        assertThat(summary.path("campaign").path("command").asText()).startsWith("newt run campaigns/tcp.yaml");
        assertThat(summary.path("experiments").asInt()).isEqualTo(10);
        final JsonNode matrix = summary.path("tables").path("outcome-matrix");
        assertThat(matrix.get(1).path("server").asText()).isEqualTo("a.tcp");
        assertThat(matrix.get(1).path("recovered").asLong()).isEqualTo(3);
        assertThat(matrix.get(1).path("recoveredPercent").asDouble()).isEqualTo(75.0);
        assertThat(summary.path("tables").path("detection-latency").get(0).path("p90Nanos").asLong()).isEqualTo(6_000_000L);
        assertThat(summary.path("tables").has("experiments")).isFalse();
        assertThat(summary.path("experimentsTable").asText()).isEqualTo("experiments.csv");
    }

    @Test
    void markdownShowsTheIdentityAndTheReproducingCommand() {
        final List<Map<String, String>> identity = markdownTable(md, "Identity");
        assertThat(rowWhere(identity, "field", "seed").get("value")).isEqualTo("42");
        assertThat(rowWhere(identity, "field", "git commit").get("value")).isEqualTo("c5e0742");
        assertThat(md).contains("```\nnewt run campaigns/tcp.yaml --seed 42 --out tcp-crash\n```");
    }

    @Test
    void writingAgainGivesTheSameFiles(@TempDir final Path again) throws IOException {
        CraftedCampaign.write(again);
        final ReportFiles second = Reports.write(again);
        assertThat(Files.readString(second.html())).isEqualTo(Files.readString(files.html()));
        assertThat(Files.readString(second.markdown())).isEqualTo(md);
        assertThat(Files.readString(second.summary())).isEqualTo(Files.readString(files.summary()));
    }
}
