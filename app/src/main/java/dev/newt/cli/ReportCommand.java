package dev.newt.cli;

import dev.newt.campaign.run.CampaignException;
import dev.newt.campaign.run.ReportHook;
import dev.newt.report.ReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code newt report DIR}. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes the reliability report of a results directory (report.html, report.md, summary.json, junit.xml, CSV).",
        "Exit code 0 when written, 1 when the report cannot be written, 2 when DIR is not a results directory."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A results directory written by newt run or newt merge.")
    Path dir;

    @Override
    public Integer call() {
        if (!Files.exists(dir.resolve("campaign.json"))) {
            System.err.println(dir + " is not a results directory: it has no campaign.json");
            return NewtCli.USAGE;
        }
        try {
            final ReportFiles report = ReportHook.write(dir);
            report.warnings().forEach(w -> System.out.println("warning: " + w));
            System.out.printf("report of %d experiments: %s (also %s, %s, %s and %d CSV files)%n", report.experiments(),
                report.html(), report.markdown().getFileName(), report.summary().getFileName(), report.junit().getFileName(),
                report.csv().size());
            return NewtCli.OK;
        } catch (CampaignException e) {
            System.err.println(e.getMessage());
            return NewtCli.UNEXPECTED;
        }
    }
}
