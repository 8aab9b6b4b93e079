package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The complete example of docs/CAMPAIGNS.md is a valid campaign, and weaves. */
class DocumentedExampleTest {
    @Test
    void theCompleteExampleInTheDocsIsValid() throws Exception {
        final String doc = Files.readString(Path.of("../docs/CAMPAIGNS.md"));
        final int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        final String yaml = doc.substring(start, doc.indexOf("```", start));
        final CampaignReader.Result r = CampaignReader.read("CAMPAIGNS.md", yaml, "sha", false);
        assertThat(r.problems()).isEmpty();
        assertThat(SiteChecks.check(r.campaign())).isEmpty();
        assertThat(r.campaign().experiments()).hasSize(1 + 2 * 2 + 3 * 3 * 2 * 2 * 2);
    }
}
