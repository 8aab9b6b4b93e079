package dev.newt.cli;

import dev.newt.campaign.run.CampaignException;
import dev.newt.campaign.run.Merge;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code newt merge DIR... --out DIR}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {"Joins the results directories of a campaign's slices (newt run --shard) into one, as if it "
        + "had run unsharded. Refuses slices of different runs, a slice or an experiment twice, and a missing one.",
        "Exit code 0 when merged, 2 when the slices do not make one complete run."})
final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "The slices' results directories.")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged directory to write.")
    Path out;

    @Override
    public Integer call() {
        try {
            final int n = Merge.merge(dirs, out);
            System.out.printf("merged %d slices: %d experiments and the golden run into %s%n", dirs.size(), n, out);
            return NewtCli.OK;
        } catch (CampaignException e) {
            System.err.println(e.getMessage());
            return NewtCli.USAGE;
        }
    }
}
