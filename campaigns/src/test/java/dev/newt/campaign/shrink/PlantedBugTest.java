package dev.newt.campaign.shrink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.ResultsLog;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.results.ExperimentResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted bug of issue 21 (update-manager's tcp-broken image, {@code OverlapBugTcpServer}: b's
 * tcp, once updated to it, crashes on every packet from a b.pf that has been restarted): a swarm of
 * 12 seeded schedules of crashes in four servers and at most one update finds it, shrinking reduces
 * the first witness to exactly the crash of b.pf and the update of b.tcp, and the replay file fails
 * the same way.
 */
class PlantedBugTest {
    private static final Path FILE = Path.of("src/test/resources/campaigns/planted-overlap.yaml");
    private static final Path IMAGE = Path.of("../update-manager/target/images/tcp-broken/dev/newt/net/tcp/"
        + "OverlapBugTcpServer.class");
    private static final String CLASS = "failed: gave up on b.tcp";
    @TempDir
    Path dir;

    @Test
    void aSwarmFindsTheOverlapAndShrinkingReducesItToThePfCrashAndTheTcpUpdate() throws Exception {
        assumeTrue(Files.isRegularFile(IMAGE), "update-manager's images are not built: mvn process-test-classes "
            + "-pl update-manager");
        final CampaignReader.Result read = CampaignReader.read(FILE);
        assertThat(read.problems()).isEmpty();
        final Campaign c = read.campaign();
        final Path out = dir.resolve("swarm");
        final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        CampaignRunner.run(c, FILE, new CampaignRunner.Options(out, 2, false, Shard.ALL, "test", quiet, false, -1));
        final List<ExperimentResult> results = ResultsLog.read(out.resolve("results.jsonl")).results();
        final List<ExperimentResult> found = results.stream().filter(r -> CLASS.equals(r.failureClass())).toList();
        assertThat(found).as("runs that hit the planted bug, of %s", results.stream().map(r -> r.id() + " "
            + r.outcome().label() + " " + r.detail() + " " + r.schedule()).toList()).isNotEmpty();
        for (ExperimentResult r : found) {
            assertThat(r.schedule().toString()).contains("target=b.pf").contains("OverlapBugTcpServer");
        }
        assertThat(results.stream().filter(r -> r.failureClass() != null && !CLASS.equals(r.failureClass())))
            .as("no other failure").isEmpty();

        final List<Shrinking.Report> reports = Shrinking.afterSearch(c, FILE, out, quiet);
        assertThat(reports).singleElement().satisfies(rep -> {
            assertThat(rep.failureClass()).isEqualTo(CLASS);
            assertThat(rep.reproduced()).isTrue();
            assertThat(rep.minimal()).isTrue();
            assertThat(rep.shrunkSize()).isEqualTo(2);
            assertThat(rep.schedule()).hasSize(2).anySatisfy(l -> assertThat(l).contains("crash b.pf"))
                .anySatisfy(l -> assertThat(l).contains("update b.tcp"));
            assertThat(rep.runs()).isGreaterThan(rep.originalSize());
        });

        final Path replay = Path.of(reports.get(0).file());
        final CampaignReader.Result again = CampaignReader.read(replay);
        assertThat(again.problems()).isEmpty();
        final Path replayed = dir.resolve("replay");
        CampaignRunner.run(again.campaign(), replay, new CampaignRunner.Options(replayed, 1, false, Shard.ALL, "test",
            quiet, false, -1));
        assertThat(ResultsLog.read(replayed.resolve("results.jsonl")).results()).filteredOn(r -> !r.golden())
            .singleElement().satisfies(r -> assertThat(r.failureClass()).isEqualTo(CLASS));
    }
}
