package dev.newt.cli;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.SiteChecks;
import dev.newt.campaign.validate.Problem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and fully validates a campaign file for a command, printing every problem. */
final class CampaignFiles {
    private CampaignFiles() {
    }

    /**
     * @param file the campaign file
     * @param err  where problems go
     * @return the campaign, or {@code null} when it has problems (all printed)
     */
    static Campaign load(final Path file, final PrintStream err) {
        final CampaignReader.Result r = CampaignReader.read(file);
        final List<Problem> problems = new ArrayList<>(r.problems());
        if (r.valid()) {
            problems.addAll(SiteChecks.check(r.campaign()));
        }
        problems.forEach(err::println);
        if (!problems.isEmpty()) {
            err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + file);
            return null;
        }
        return r.campaign();
    }
}
