package dev.newt.cli;

import dev.newt.campaign.spec.Campaign;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code newt validate FILE}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Checks a campaign file and reports every problem with file:line:column, the offending key "
        + "and the nearest valid name; weaves each fault once to check that its site exists.",
        "Exit code 0 when the file is valid, 2 when it has problems."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The campaign file (YAML).")
    Path file;

    @Override
    public Integer call() {
        final Campaign c = CampaignFiles.load(file, System.err);
        if (c == null) {
            return NewtCli.USAGE;
        }
        System.out.printf("%s: valid: campaign '%s', seed %d, %s executor, %d experiments (and the golden run)%n",
            file, c.name(), c.seed(), c.executor(), c.experiments().size());
        return NewtCli.OK;
    }
}
