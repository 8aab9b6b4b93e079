package dev.newt.cli;

import dev.newt.campaign.run.CampaignException;
import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.ReportHook;
import dev.newt.campaign.run.ResultsLog;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.shrink.Shrinking;
import dev.newt.campaign.spec.Campaign;
import dev.newt.report.ReportFiles;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.nio.file.Path;
import dev.newt.campaign.spec.Experiment;
import dev.newt.campaign.spec.MatrixExpansion;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code newt run FILE}: runs a campaign into a results directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a campaign: the golden run, then every experiment (or one slice of them), each result "
        + "appended to OUT/results.jsonl as it finishes, its events in OUT/events/ID.jsonl.",
        "Writes the report (report.html, report.md, summary.json, CSV) into OUT at the end.",
        "Exit code 0 when the campaign ran (whatever the outcomes), 1 when the golden run failed, an experiment "
            + "ended in harness-error or the report could not be written, 2 for a bad command line or campaign file."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The campaign file (YAML).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default: newt-out/<campaign name>).")
    Path out;

    @Option(names = "--jobs", defaultValue = "1", description = "Experiments run at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--seed", description = "Campaign seed, instead of the file's.")
    Long seed;

    @Option(names = "--resume", description = "Continue the run in --out: skip finished experiments, drop a torn "
        + "last line.")
    boolean resume;

    @Option(names = "--shard", paramLabel = "i/n", description = {"Run slice i of n (experiment k is in slice k mod n)."
        + " With n alone, i comes from JOB_COMPLETION_INDEX, else SLURM_ARRAY_TASK_ID."})
    String shard;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = {"Run only these experiments (and the "
        + "golden run, their baseline), such as e0042: on the simulated executor an experiment run again writes the "
        + "identical event log. The report prints this command for every experiment it shows."})
    List<String> only;

    @Option(names = "--runs", paramLabel = "N", description = {"For a campaign with schedules: run N seeded "
        + "schedules instead of the file's schedules.runs."})
    Integer runs;

    @Option(names = "--no-shrink", description = {"For a campaign with schedules: do not shrink the first failing "
        + "run of each failure class at the end (newt shrink DIR ID does it later)."})
    boolean noShrink;

    @Override
    public Integer call() {
        Campaign c = CampaignFiles.load(file, System.err);
        if (c == null) {
            return NewtCli.USAGE;
        }
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (runs != null) {
            if (c.schedules() == null || c.schedules().replay() != null || runs < 1) {
                System.err.println("--runs needs a campaign whose schedules: are drawn, and at least 1 run");
                return NewtCli.USAGE;
            }
            c = c.withSchedules(c.schedules().withRuns(runs));
        }
        final Shard slice;
        try {
            slice = Shard.parse(shard, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return NewtCli.USAGE;
        }
        if (jobs < 1) {
            System.err.println("--jobs must be at least 1, was " + jobs);
            return NewtCli.USAGE;
        }
        final Path dir = out != null ? out : Path.of("newt-out", c.name());
        final Set<String> ids = c.experiments().stream().map(Experiment::id).collect(Collectors.toSet());
        if (only != null && !ids.containsAll(only)) {
            System.err.println("--only: no experiment " + only.stream().filter(id -> !ids.contains(id)).toList()
                + " in " + file + " (it has e0000 to " + MatrixExpansion.id(ids.size() - 1) + ")");
            return NewtCli.USAGE;
        }
        return run(c, file, dir, jobs, resume, slice, "newt " + String.join(" ",
            spec.commandLine().getParseResult().originalArgs()), only == null ? e -> true : e -> only.contains(e.id()),
            !noShrink);
    }

    /** Runs, prints the summary and where everything is; shared with {@code newt demo}. */
    static int run(final Campaign c, final Path file, final Path dir, final int jobs, final boolean resume,
                   final Shard slice, final String command) {
        return run(c, file, dir, jobs, resume, slice, command, e -> true, true);
    }

    /** As above, running only the experiments {@code only} accepts, and shrinking a search's failures if asked. */
    static int run(final Campaign c, final Path file, final Path dir, final int jobs, final boolean resume,
                   final Shard slice, final String command, final Predicate<Experiment> only, final boolean shrink) {
        final CampaignRunner.Summary s;
        System.out.printf("campaign '%s': %d experiments%s, %s executor, seed %d, %d job(s), results in %s%n",
            c.name(), c.experiments().size(), slice.count() > 1 ? " (slice " + slice + ")" : "", c.executor(),
            c.seed(), jobs, dir);
        try {
            s = CampaignRunner.run(c, file, new CampaignRunner.Options(dir, jobs, resume, slice, command, System.err,
                System.console() != null, -1), only);
        } catch (CampaignException e) {
            System.err.println(e.getMessage());
            return NewtCli.USAGE;
        }
        final List<ExperimentResult> results = ResultsLog.read(dir.resolve("results.jsonl")).results();
        System.out.println();
        System.out.println(s.golden().detail());
        OutcomeTable.print(System.out, results, c.executor().equals("simulated"));
        UpdateSummary.print(System.out, results, c.executor().equals("simulated"));
        System.out.printf("%d experiments: %d run now, %d finished before%n", s.total(), s.ran(), s.skipped());
        System.out.println("results: " + dir.resolve("results.jsonl"));
        if (c.schedules() != null) {
            FailureClasses.print(System.out, results);
            if (shrink) {
                try {
                    Shrinking.afterSearch(c, file, dir, System.out);
                } catch (CampaignException e) {
                    System.err.println("shrinking: " + e.getMessage());
                }
            }
        }
        try {
            final ReportFiles report = ReportHook.write(dir);
            report.warnings().forEach(w -> System.out.println("report warning: " + w));
            System.out.println("report: " + report.html());
        } catch (CampaignException e) {
            System.err.println("report: not written: " + e.getMessage());
            return NewtCli.UNEXPECTED;
        }
        final boolean harnessErrors = results.stream().anyMatch(r -> r.outcome() == Outcome.HARNESS_ERROR);
        return s.golden().outcome() == Outcome.NOT_ACTIVATED && !harnessErrors ? NewtCli.OK : NewtCli.UNEXPECTED;
    }
}
