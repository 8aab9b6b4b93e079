package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.faults.FaultPlan;
import dev.newt.results.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live updates in a campaign run, with the images update-manager's build makes (it runs before
 * campaigns in the reactor; run alone, the test is skipped, saying so).
 */
class ManagedUpdatesTest {
    private static final Path FILE = Path.of("src/test/resources/campaigns/tcp-update.yaml");
    private static final Path IMAGES = Path.of("../update-manager/target/images");
    @TempDir
    Path dir;

    @Test
    void aTcpUpdateCommitsUnderLoadAndABrokenOneRollsBackWithTheWorkloadsIntact() {
        assumeTrue(Files.isDirectory(IMAGES.resolve("tcp-v2")) && Files.isDirectory(IMAGES.resolve("tcp-broken")),
            "update-manager's images are not built: mvn process-test-classes -pl update-manager");
        final CampaignReader.Result r = CampaignReader.read(FILE);
        assertThat(r.problems()).isEmpty();
        final Campaign c = r.campaign();
        final RunObservation o = InProcessRun.run(c, new FaultPlan(0, List.of()), dir.resolve("u.jsonl"));
        assertThat(o.harnessError()).isNull();
        assertThat(o.updates()).extracting(UpdateResult::servers, UpdateResult::result).containsExactly(
            org.assertj.core.groups.Tuple.tuple(List.of("b.tcp"), "committed"),
            org.assertj.core.groups.Tuple.tuple(List.of("a.tcp"), "rolled-back"));
        assertThat(o.updates().get(0).requestedAt()).isEqualTo(15_000_000L);
        assertThat(o.updates().get(1).reason()).contains("broken tcp image");
        assertThat(o.finished()).isTrue();
        assertThat(o.summaries().get("b.app.bulk-receiver")).containsEntry("complete", true);
        assertThat(o.summaries().get("a.app.rpc-client")).containsEntry("failed", 0L).containsEntry("unfinished", 0L);
    }

    @Test
    void anImageThatDoesNotExistIsAProblemAtItsPlace() {
        final CampaignReader.Result r = CampaignReader.read("c.yaml", """
            name: x
            system:
              hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
              links: [{between: [a, b]}]
            workloads: [{type: ping, from: a, to: b}]
            updates:
              - {at: 1ms, servers: [a.tcp], image: no/such/image}
            """, "sha");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("updates[0].image");
            assertThat(p.location().line()).isEqualTo(7);
            assertThat(p.message()).contains("does not exist");
        });
    }
}
