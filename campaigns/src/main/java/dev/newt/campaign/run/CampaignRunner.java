package dev.newt.campaign.run;

import dev.newt.campaign.outcome.Classification;
import dev.newt.campaign.outcome.Integrity;
import dev.newt.campaign.outcome.OutcomeRules;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.Experiment;
import dev.newt.campaign.spec.Plugins;
import dev.newt.campaign.spec.Schedule;
import dev.newt.campaign.invariant.Invariants;
import dev.newt.campaign.yaml.InputFiles;
import dev.newt.faults.FaultPlan;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a campaign into a results directory (see {@code docs/RESULTS.md}): the golden run first,
 * then this slice's experiments, {@code jobs} at a time, each result appended to
 * {@code results.jsonl} and flushed as it finishes. Simulated experiments run in this JVM,
 * threaded ones in a forked JVM each; every experiment is stopped at the campaign's deadline.
 */
public final class CampaignRunner {
    static final String RESULTS = "results.jsonl";
    static final String EVENTS = "events";
    /** How long a run interrupted at its wall deadline is given to stop before it is abandoned. */
    private static final long STOP_GRACE_MILLIS = 10_000;

    private CampaignRunner() {
    }

    /**
     * How to run.
     *
     * @param out       the results directory
     * @param jobs      experiments at once
     * @param resume    continue the run in {@code out}, skipping finished experiments
     * @param shard     the slice to run
     * @param command   the command line, for the manifest
     * @param progress  where the progress line goes
     * @param terminal  whether {@code progress} is a terminal (rewrite one line) or not (plain lines)
     * @param stopAfter stop after this many new results, as if killed (a test hook); negative for never
     */
    public record Options(Path out, int jobs, boolean resume, Shard shard, String command, PrintStream progress,
                          boolean terminal, int stopAfter) {
        /** Checks the figures. */
        public Options {
            if (jobs < 1) {
                throw new IllegalArgumentException("--jobs must be at least 1, was " + jobs);
            }
        }
    }

    /**
     * What a run did.
     *
     * @param golden   the golden run's result
     * @param total    experiments in the slice
     * @param skipped  experiments already finished (resume)
     * @param ran      experiments run now
     * @param outcomes outcomes of the whole slice, resumed ones included
     * @param stopped  whether the stop-after hook ended the run early
     */
    public record Summary(ExperimentResult golden, int total, int skipped, int ran, Map<Outcome, Integer> outcomes,
                          boolean stopped) {
    }

    /**
     * @param c    the campaign
     * @param file the campaign file, for forked experiments
     * @param o    how to run
     * @return what it did
     * @throws CampaignException when the directory holds another run, or a resume does not match it
     */
    public static Summary run(final Campaign c, final Path file, final Options o) throws CampaignException {
        return run(c, file, o, e -> true);
    }

    /**
     * Runs only some experiments of the slice (the golden run always runs: it is their baseline), as
     * {@code newt run --only ID} does to run one experiment again.
     *
     * @param c    the campaign
     * @param file the campaign file, for forked experiments
     * @param o    how to run
     * @param only which experiments of the slice to run
     * @return what it did
     * @throws CampaignException as {@link #run(Campaign, Path, Options)}
     */
    public static Summary run(final Campaign c, final Path file, final Options o,
                              final java.util.function.Predicate<Experiment> only) throws CampaignException {
        final List<Experiment> slice = c.experiments().stream().filter(e -> o.shard().contains(e.index()))
            .filter(only).toList();
        final Path results = o.out().resolve(RESULTS);
        final ResultsLog.Contents before = prepare(c, o, slice.size());
        final Map<String, ExperimentResult> done = new LinkedHashMap<>();
        for (ExperimentResult r : before.results()) {
            if (done.put(r.id(), r) != null) {
                throw new CampaignException(results + ": experiment " + r.id() + " appears twice");
            }
        }
        final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        done.values().stream().filter(r -> !r.golden()).forEach(r -> outcomes.merge(r.outcome(), 1, Integer::sum));
        try (ResultsLog log = o.resume() ? ResultsLog.openForResume(results, before) : ResultsLog.create(results)) {
            ExperimentResult golden = done.get(ExperimentResult.GOLDEN);
            if (golden == null) {
                golden = runGolden(c, file, o, c.experiments());
                log.append(golden);
            }
            final Integrity baseline = Integrity.of(summaries(golden));
            final List<Experiment> todo = slice.stream().filter(e -> !done.containsKey(e.id())).toList();
            final Progress progress = new Progress(o.progress(), o.terminal(), slice.size(), slice.size() - todo.size());
            final boolean stopped = runAll(c, file, o, todo, baseline, log, progress, outcomes);
            progress.end();
            return new Summary(golden, slice.size(), slice.size() - todo.size(),
                outcomes.values().stream().mapToInt(Integer::intValue).sum() - (slice.size() - todo.size()),
                outcomes, stopped);
        }
    }

    /** Checks the directory against the run asked for; returns what a resumed run had finished. */
    private static ResultsLog.Contents prepare(final Campaign c, final Options o, final int experiments)
        throws CampaignException {
        final Path results = o.out().resolve(RESULTS);
        ResultsPaths.checkOut(o.out());
        try {
            Files.createDirectories(o.out().resolve(EVENTS));
        } catch (IOException e) {
            throw new CampaignException("cannot create " + o.out() + ": " + InputFiles.reason(e));
        }
        // --resume on a directory no run has started in starts afresh: a retried Kubernetes pod or
        // Slurm task can always pass --resume.
        if (!o.resume() || !Files.exists(o.out().resolve(Manifests.FILE))) {
            if (Files.exists(results) && sizeOf(results) > 0) {
                throw new CampaignException(o.out() + " already holds results of a run; use --resume to continue "
                    + "it, or another --out");
            }
            Manifests.write(o.out(), Manifests.of(c, o.shard(), experiments, o.command()));
            return new ResultsLog.Contents(List.of(), 0, 0);
        }
        final CampaignManifest m = Manifests.read(o.out());
        if (!m.name().equals(c.name()) || m.seed() != c.seed() || !m.fileSha256().equals(c.fileSha256())
            || m.shardIndex() != o.shard().index() || m.shardCount() != o.shard().count()) {
            throw new CampaignException("cannot resume: " + o.out() + " holds campaign '" + m.name() + "' seed "
                + m.seed() + " slice " + m.shardIndex() + "/" + m.shardCount() + " of a file with sha256 "
                + m.fileSha256() + "; asked for '" + c.name() + "' seed " + c.seed() + " slice " + o.shard()
                + " of a file with sha256 " + c.fileSha256());
        }
        final ResultsLog.Contents contents = ResultsPaths.results(o.out());
        for (int line = 1; line <= contents.results().size(); line++) {
            ResultsPaths.eventLog(o.out(), contents.results().get(line - 1), results + ":" + line);
        }
        if (contents.tornBytes() > 0) {
            o.progress().println("resume: dropping a torn last line of " + contents.tornBytes() + " bytes in "
                + results);
        }
        return contents;
    }

    private static long sizeOf(final Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> summaries(final ExperimentResult golden) {
        final Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        golden.workload().forEach((k, v) -> out.put(k, (Map<String, Object>) v));
        return out;
    }

    /** The golden run, with probes at the sites of every experiment of the campaign (not only the slice's). */
    private static ExperimentResult runGolden(final Campaign c, final Path file, final Options o,
                                              final List<Experiment> all) {
        final String log = EVENTS + "/" + ExperimentResult.GOLDEN + ".jsonl";
        final long t0 = System.nanoTime();
        final RunObservation run = execute(c, file, "golden", FaultPlans.probes(c.system(), all), o.out().resolve(log));
        final ExperimentResult r = ResultFactory.golden(c.seed(), run, (System.nanoTime() - t0) / 1_000_000, log);
        writeSites(c, o.out(), all, run);
        return r;
    }

    /** {@code sites.json}: how often the golden run's workloads called each fault site the experiments use. */
    private static void writeSites(final Campaign c, final Path out, final List<Experiment> all,
                                   final RunObservation golden) {
        final Map<String, Long> calls = ResultFactory.siteCalls(golden);
        final Map<String, Long> bySite = new LinkedHashMap<>();
        final Set<String> seen = new HashSet<>();
        for (Experiment e : all) {
            if (e.schedule() != null) {
                continue;
            }
            final String key = FaultPlans.siteKey(c.system(), e.target(), e.fault());
            if (seen.add(key)) {
                bySite.put(key, calls.getOrDefault("probe-" + (seen.size() - 1), 0L));
            }
        }
        try {
            ResultsJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("sites.json").toFile(), bySite);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sites.json", e);
        }
    }

    private static boolean runAll(final Campaign c, final Path file, final Options o, final List<Experiment> todo,
                                  final Integrity baseline, final ResultsLog log, final Progress progress,
                                  final Map<Outcome, Integer> outcomes) {
        final AtomicInteger written = new AtomicInteger();
        final ExecutorService workers = Executors.newFixedThreadPool(o.jobs(), daemon("newt-campaign-job"));
        final List<Future<?>> futures = new ArrayList<>();
        for (Experiment e : todo) {
            futures.add(workers.submit(() -> {
                if (o.stopAfter() >= 0 && written.get() >= o.stopAfter()) {
                    return;
                }
                final ExperimentResult r = runOne(c, file, o, e, baseline);
                synchronized (log) {
                    if (o.stopAfter() >= 0 && written.get() >= o.stopAfter()) {
                        return;
                    }
                    log.append(r);
                    written.incrementAndGet();
                    outcomes.merge(r.outcome(), 1, Integer::sum);
                }
                progress.finished(r.outcome());
            }));
        }
        workers.shutdown();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                workers.shutdownNow();
                break;
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof HarnessStopping) {
                    // Not a result: nothing was written for it, and --resume runs it again.
                    workers.shutdownNow();
                    break;
                }
                throw new IllegalStateException("campaign runner failed", ex.getCause());
            }
        }
        return o.stopAfter() >= 0 && written.get() >= o.stopAfter() && written.get() < todo.size();
    }

    private static ExperimentResult runOne(final Campaign c, final Path file, final Options o, final Experiment e,
                                           final Integrity baseline) {
        final String log = EVENTS + "/" + e.id() + ".jsonl";
        final long t0 = System.nanoTime();
        RunObservation run;
        try {
            run = e.schedule() != null ? runSchedule(c, e.schedule(), o.out().resolve(log))
                : execute(c.forExperiment(e), file, Integer.toString(e.index()), FaultPlans.of(c.system(), e), o.out().resolve(log));
        } catch (HarnessStopping ex) {
            throw ex;
        } catch (RuntimeException ex) {
            run = RunObservation.harnessError(ex.toString());
        }
        final Classification k = OutcomeRules.classify(run, baseline);
        return ResultFactory.experiment(c, e, k, run, (System.nanoTime() - t0) / 1_000_000, log);
    }

    /**
     * Runs a schedule in this JVM within the campaign's deadline (schedules run on the simulated
     * executor), with its schedule first in the log and the invariants checked as it goes.
     *
     * @param c        the campaign
     * @param s        the schedule
     * @param eventLog where its events go
     * @return what the run left behind
     */
    public static RunObservation runSchedule(final Campaign c, final Schedule s, final Path eventLog) {
        try {
            Files.deleteIfExists(eventLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + eventLog + ": " + InputFiles.reason(e), e);
        }
        final Campaign run = c.forSchedule(s);
        final boolean duplicates = c.system().links().stream().anyMatch(l -> l.duplicate() > 0)
            || s.faults().stream().anyMatch(f -> f.fault().type().equals("duplicate-message"));
        final FaultPlan plan = FaultPlans.of(c.system(), s);
        return bounded(c, "schedule-" + s.seed(), eventLog, () -> InProcessRun.run(run, plan, eventLog, s.toData(),
            Invariants.standard(duplicates)));
    }

    /** Runs in this JVM (simulated) or in a forked one (threaded, or isolation: process), within the deadline. */
    private static RunObservation execute(final Campaign c, final Path file, final String index, final FaultPlan plan,
                                          final Path eventLog) {
        try {
            // A file left by a killed run (or a link planted there) is removed, not written through.
            Files.deleteIfExists(eventLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + eventLog + ": " + InputFiles.reason(e), e);
        }
        if (c.forked()) {
            return ForkedRun.run(file, c.seed(), index, eventLog, c.deadline(),
                Plugins.paths(c.system()));
        }
        return bounded(c, index, eventLog, () -> InProcessRun.run(c, plan, eventLog));
    }

    /** Runs in this JVM on a thread of its own, within the campaign's wall-clock deadline. */
    private static RunObservation bounded(final Campaign c, final String index, final Path eventLog,
                                          final java.util.concurrent.Callable<RunObservation> body) {
        final ExecutorService one = Executors.newSingleThreadExecutor(daemon("newt-experiment-" + index));
        try {
            final Future<RunObservation> f = one.submit(body);
            try {
                return f.get(c.deadline().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException ex) {
                // A simulated run is bounded by the campaign's duration of virtual time; one still going
                // at the wall deadline is interrupted, which stops it after its current step (it closes
                // its runtime and event log), and counted failed. Were it left to run to its duration,
                // it would take CPU from the runs after it (in a swarm, from shrinking too). One that
                // does not stop within the grace is abandoned (its thread is a daemon).
                f.cancel(true);
                one.shutdownNow();
                try {
                    one.awaitTermination(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw new HarnessStopping("interrupted");
                }
                return RunObservation.deadlineExceeded(EventLogs.read(eventLog));
            } catch (ExecutionException ex) {
                return RunObservation.harnessError(String.valueOf(ex.getCause()));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new HarnessStopping("interrupted");
            }
        } finally {
            one.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(final String name) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
