package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.newt.campaign.outcome.Integrity;
import dev.newt.campaign.run.InProcessRun;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.faults.FaultPlan;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The complete example of docs/CAMPAIGNS.md is a valid campaign, weaves, and its workloads finish. */
class DocumentedExampleTest {
    @TempDir
    Path dir;

    @Test
    void theCompleteExampleInTheDocsIsValid() throws Exception {
        final String doc = Files.readString(Path.of("../docs/CAMPAIGNS.md"));
        final int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        final String yaml = doc.substring(start, doc.indexOf("```", start));
        final CampaignReader.Result r = CampaignReader.read("CAMPAIGNS.md", yaml, "sha");
        assertThat(r.problems()).isEmpty();
        assertThat(SiteChecks.check(r.campaign())).isEmpty();
        assertThat(r.campaign().experiments()).hasSize(1 + 2 * 2 + 3 * 3 * 2 * 2 * 2);
        final RunObservation golden = InProcessRun.run(r.campaign(), new FaultPlan(0, List.of()),
            dir.resolve("golden.jsonl"));
        assertThat(golden.summaryWriters()).hasSize(6);
        assertThat(golden.finished()).isTrue();
        final Integrity i = Integrity.of(golden.summaries());
        assertThat(List.of(i.connectionsLost(), i.bytesCorrupted(), i.bytesLost())).containsOnly(0L);
    }
}
