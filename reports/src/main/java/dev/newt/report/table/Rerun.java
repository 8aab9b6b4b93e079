package dev.newt.report.table;

import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;

/** The command that runs one experiment of a campaign again, alone, into its own directory. */
public final class Rerun {
    private Rerun() {
    }

    /**
     * @param m the campaign's manifest (file and seed)
     * @param r one of its experiments
     * @return {@code newt run FILE --seed S --only ID --out rerun-ID}: on the simulated executor the
     *         rerun writes the identical event log
     */
    public static String command(final CampaignManifest m, final ExperimentResult r) {
        return "newt run " + m.file() + " --seed " + m.seed() + " --only " + r.id() + " --out rerun-" + r.id();
    }
}
