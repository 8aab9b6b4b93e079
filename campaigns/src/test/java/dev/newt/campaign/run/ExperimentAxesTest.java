package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.report.ReportFiles;
import dev.newt.results.ExperimentResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every axis of an experiment is in its result, and a crash says where it was thrown. */
class ExperimentAxesTest {
    static final Path FILE = Path.of("src/test/resources/campaigns/policies.yaml");
    @TempDir
    static Path dir;
    static List<ExperimentResult> results;

    @BeforeAll
    static void runTheCampaign() throws Exception {
        final Campaign c = CampaignReader.read(FILE).campaign();
        CampaignRunner.run(c, FILE, new CampaignRunner.Options(dir, 1, false, Shard.ALL, "test",
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, -1));
        results = ResultsLog.read(dir.resolve("results.jsonl")).results();
    }

    @Test
    void eachResultSaysWhichRecoveryPolicyAndCheckpointIntervalItRanWith() {
        assertThat(results).extracting(ExperimentResult::id).containsExactly("golden", "e0000", "e0001");
        assertThat(results.subList(1, 3)).extracting(ExperimentResult::recovery)
            .containsExactly("fresh", "checkpoint+replay");
        assertThat(results.subList(1, 3)).extracting(ExperimentResult::checkpointEvery).containsExactly(4, 4);
        assertThat(results.get(0).recovery()).isNull();
    }

    @Test
    void aCrashNamesTheExceptionAndTheServersFrames() {
        for (ExperimentResult r : results.subList(1, 3)) {
            assertThat(r.crash()).as(r.id()).contains("dev.newt.net.tcp.").contains(" at ").contains(".java:");
        }
    }

    @Test
    void theCsvAndThePagesHaveThePolicyColumnsAndThePolicyComparison() throws Exception {
        final ReportFiles report = ReportHook.write(dir);
        final List<String> csv = Files.readAllLines(dir.resolve("experiments.csv"));
        assertThat(csv.get(0)).contains("recovery").contains("checkpointEvery").contains("crash");
        assertThat(csv.get(2)).contains("fresh");
        assertThat(csv.get(3)).contains("checkpoint+replay");
        assertThat(Files.readString(report.markdown())).contains("Outcome by recovery policy")
            .contains("Loss by recovery policy");
        assertThat(dir.resolve("policy-comparison.csv")).exists();
    }
}
