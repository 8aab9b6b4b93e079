package dev.newt.cli;

import dev.newt.campaign.run.ReportHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code newt report DIR}. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes the reliability report of a results directory (report.html, report.md, summary.json, CSV).",
        "Exit code 0 when written, 1 when this build has no report writer, 2 when DIR is not a results directory."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A results directory written by newt run or newt merge.")
    Path dir;

    @Override
    public Integer call() {
        if (!Files.exists(dir.resolve("campaign.json"))) {
            System.err.println(dir + " is not a results directory: it has no campaign.json");
            return NewtCli.USAGE;
        }
        final Optional<Path> report = ReportHook.write(dir);
        if (report.isEmpty()) {
            System.err.println("this build has no report writer yet; the results are in " + dir.resolve("results.jsonl"));
            return NewtCli.UNEXPECTED;
        }
        System.out.println("report: " + report.get());
        return NewtCli.OK;
    }
}
