package dev.newt.campaign.run;

import dev.newt.campaign.spec.CampaignReader;
import java.nio.file.Path;

/** {@code RunnerMain FILE OUT}: runs a campaign in a JVM of its own, for tests that kill the harness. */
public final class RunnerMain {
    private RunnerMain() {
    }

    /** @param args FILE OUT */
    public static void main(final String[] args) throws Exception {
        final Path file = Path.of(args[0]);
        CampaignRunner.run(CampaignReader.read(file).campaign(), file,
            CampaignRunnerTest.options(Path.of(args[1]), 1, false, Shard.ALL, -1));
    }
}
