package dev.newt.cli;

import dev.newt.campaign.run.CampaignException;
import dev.newt.campaign.shrink.Shrinking;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code newt shrink DIR ID}: shrinks a failing schedule of a search to a minimal one. */
@Command(name = "shrink", mixinStandardHelpOptions = true,
    description = {"Shrinks the schedule of a failing run of a search (a campaign with schedules:) to a minimal one "
        + "that still fails with the same outcome and failed check on the simulated executor: removes faults and "
        + "updates, simplifies their parameters and moves them later, one run per attempt.",
        "Writes DIR/shrunk/ID.yaml (a campaign file of one experiment that replays it) and DIR/shrunk/ID.json "
            + "(what shrinking did), and prints the replay command.",
        "Exit code 0 when shrunk (minimal or not), 1 when the failure did not reproduce, 2 for a bad directory, "
            + "run or campaign file."})
final class ShrinkCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The search's results directory.")
    Path dir;

    @Parameters(index = "1", paramLabel = "ID", description = "A failing run in it, such as e0042.")
    String id;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "300",
        description = "Wall-clock bound in seconds (default: ${DEFAULT-VALUE}); when spent, the smallest failing "
            + "schedule found is written, said not to be proven minimal.")
    long budget;

    @Override
    public Integer call() {
        if (budget < 1) {
            System.err.println("--budget must be at least 1 second, was " + budget);
            return NewtCli.USAGE;
        }
        try {
            final Shrinking.Report r = Shrinking.shrink(dir, id, Duration.ofSeconds(budget));
            Shrinking.print(r, System.out);
            return r.reproduced() ? NewtCli.OK : NewtCli.UNEXPECTED;
        } catch (CampaignException e) {
            System.err.println(e.getMessage());
            return NewtCli.USAGE;
        }
    }
}
