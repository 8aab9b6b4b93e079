package dev.newt.campaign.shrink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.campaign.outcome.Classification;
import dev.newt.campaign.outcome.FailureClass;
import dev.newt.campaign.outcome.Integrity;
import dev.newt.campaign.outcome.OutcomeRules;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.run.CampaignException;
import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.Manifests;
import dev.newt.campaign.run.ResultsLog;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Schedule;
import dev.newt.campaign.spec.ScheduledFault;
import dev.newt.campaign.spec.ScheduledUpdate;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;
import dev.newt.results.ResultsJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shrinks the failing runs of a search: one ({@code newt shrink DIR ID}), or the first run of each
 * failure class at the end of a search, each bounded in wall-clock time. Each writes
 * {@code DIR/shrunk/ID.yaml} (the minimal schedule as a campaign file of one experiment) and
 * {@code DIR/shrunk/ID.json} (what shrinking did: {@link Report}).
 */
public final class Shrinking {
    static final String SHRUNK = "shrunk";
    /** The check of a run stopped at its wall-clock deadline ({@code failed: deadline}). */
    private static final String WALL_DEADLINE = "deadline";

    private Shrinking() {
    }

    /**
     * What shrinking one run did.
     *
     * @param id            the run
     * @param failureClass  its failure class, which every kept schedule reproduced
     * @param originalSize  elements of its schedule
     * @param shrunkSize    elements of the shrunk schedule
     * @param runs          runs shrinking took
     * @param reproduced    whether the original failed again the same way
     * @param firstRun      what the original gave when run again: its failure class, or its outcome when it
     *                      did not fail (so that a failure that did not reproduce says what happened instead)
     * @param minimal       whether the shrunk schedule is 1-minimal (false when the budget ran out)
     * @param wallMillis    wall-clock time it took
     * @param schedule      the shrunk schedule, one element per line
     * @param steps         the changes kept
     * @param file          the replay campaign file
     * @param command       the command that replays it
     */
    public record Report(String id, String failureClass, int originalSize, int shrunkSize, int runs,
                         boolean reproduced, String firstRun, boolean minimal, long wallMillis, List<String> schedule,
                         List<String> steps, String file, String command) {
    }

    /**
     * {@code newt shrink DIR ID}: reads the campaign file the manifest names (it must be unchanged),
     * draws the run's schedule again from its seed (it must equal the one in its result), and shrinks it.
     *
     * @param dir    a results directory of a search
     * @param id     a failing schedule run in it
     * @param budget wall-clock bound
     * @return what shrinking did
     * @throws CampaignException naming what is wrong with the directory, the file or the run
     */
    public static Report shrink(final Path dir, final String id, final Duration budget) throws CampaignException {
        final CampaignManifest m = Manifests.read(dir);
        final Path file = Path.of(m.file());
        if (!Files.isRegularFile(file)) {
            throw new CampaignException("the campaign file " + file + " that " + dir.resolve("campaign.json")
                + " names is not there: run newt shrink from the directory newt run ran in");
        }
        final CampaignReader.Result read = CampaignReader.read(file);
        if (!read.valid()) {
            throw new CampaignException(file + " is no longer a valid campaign: " + read.problems().get(0));
        }
        if (!read.campaign().fileSha256().equals(m.fileSha256())) {
            throw new CampaignException(file + " changed since the run in " + dir + " (sha256 " + m.fileSha256()
                + ", now " + read.campaign().fileSha256() + "): its schedules would not be the same");
        }
        return shrink(read.campaign().withSeed(m.seed()), file, dir, id, budget);
    }

    /**
     * Shrinks the first run (lowest index) of each failure class of a search, each within the campaign's
     * {@code schedules.shrink} budget, printing what each gave and the command that replays it.
     *
     * @param c    the campaign, as run
     * @param file its file
     * @param dir  the results directory
     * @param out  where to print
     * @return one report per failure class
     * @throws CampaignException when the results cannot be read
     */
    public static List<Report> afterSearch(final Campaign c, final Path file, final Path dir, final PrintStream out)
        throws CampaignException {
        if (c.schedules() == null || c.schedules().shrinkFor().isZero()) {
            return List.of();
        }
        final Map<String, ExperimentResult> first = new TreeMap<>();
        for (ExperimentResult r : results(dir)) {
            if (r.failureClass() != null && r.schedule() != null) {
                first.merge(r.failureClass(), r, (a, b) -> a.index() <= b.index() ? a : b);
            }
        }
        final List<Report> out2 = new ArrayList<>();
        for (ExperimentResult r : first.values()) {
            if (r.failureClass().endsWith(": " + WALL_DEADLINE)) {
                // Whether a run ends before its wall deadline depends on the machine's load, not on
                // its schedule: no run of the shrinker could tell a smaller schedule fails the same way.
                out.printf("not shrinking %s (%s): a wall-clock budget, not a property of the schedule; "
                    + "newt run FILE --only %s shows what the run does when given the time%n", r.id(),
                    r.failureClass(), r.id());
                continue;
            }
            out.printf("shrinking %s (%s, %d elements), at most %d s ...%n", r.id(), r.failureClass(),
                size(r), c.schedules().shrinkFor().toSeconds());
            final Report rep = shrink(c, file, dir, r.id(), c.schedules().shrinkFor());
            print(rep, out);
            out2.add(rep);
        }
        return out2;
    }

    /** @param r a report @param out where to print it, with the replay command */
    public static void print(final Report r, final PrintStream out) {
        final String end = !r.reproduced() ? "; the failure did not reproduce (it gave " + r.firstRun() + ")"
            : r.minimal() ? ", minimal" : ", not proven minimal (budget spent)";
        out.printf("%s (%s): %d -> %d elements in %d runs, %.1f s%s%n", r.id(), r.failureClass(), r.originalSize(),
            r.shrunkSize(), r.runs(), r.wallMillis() / 1000.0, end);
        r.schedule().forEach(line -> out.println("  " + line));
        out.println("  replay: " + r.command());
    }

    private static int size(final ExperimentResult r) {
        int n = 0;
        for (String k : List.of("faults", "updates")) {
            if (r.schedule().get(k) instanceof List<?> l) {
                n += l.size();
            }
        }
        return n;
    }

    private static List<ExperimentResult> results(final Path dir) {
        return ResultsLog.read(dir.resolve("results.jsonl")).results();
    }

    @SuppressWarnings("unchecked")
    private static Report shrink(final Campaign c, final Path file, final Path dir, final String id,
                                 final Duration budget) throws CampaignException {
        final List<ExperimentResult> all = results(dir);
        final ExperimentResult golden = all.stream().filter(ExperimentResult::golden).findFirst()
            .orElseThrow(() -> new CampaignException(dir + " has no golden run"));
        final ExperimentResult r = all.stream().filter(x -> x.id().equals(id)).findFirst()
            .orElseThrow(() -> new CampaignException(dir + " has no run " + id));
        if (r.schedule() == null || c.schedules() == null) {
            throw new CampaignException(id + " is not a schedule's run: only schedules shrink");
        }
        if (r.failureClass() == null) {
            throw new CampaignException(id + " did not fail (" + r.outcome().label() + "): nothing to shrink");
        }
        final Schedule original = c.schedules().scheduleFor(r.seed());
        if (!sameData(original.toData(), r.schedule())) {
            throw new CampaignException(id + ": the schedule its seed draws now differs from the one in its result "
                + "(another build of Newt?)");
        }
        final Map<String, Map<String, Object>> summaries = new LinkedHashMap<>();
        golden.workload().forEach((k, v) -> summaries.put(k, (Map<String, Object>) v));
        final Integrity baseline = Integrity.of(summaries);
        final Path shrunk = dir.resolve(SHRUNK);
        final Path trial = shrunk.resolve(id + "-trial.jsonl");
        try {
            Files.createDirectories(shrunk);
        } catch (IOException e) {
            throw new CampaignException("cannot create " + shrunk + ": " + e.getMessage());
        }
        final AtomicInteger n = new AtomicInteger();
        final AtomicReference<String> firstRun = new AtomicReference<>();
        final long t0 = System.nanoTime();
        final Shrinker.Result res = Shrinker.shrink(original, s -> {
            n.incrementAndGet();
            final RunObservation o = CampaignRunner.runSchedule(c, s, trial);
            final Classification k = OutcomeRules.classify(o, baseline);
            final String got = FailureClass.of(k.outcome(), k.detail());
            firstRun.compareAndSet(null, got != null ? got : k.outcome().label());
            return r.failureClass().equals(got);
        }, horizon(c, original), budget);
        final long wall = (System.nanoTime() - t0) / 1_000_000;
        try {
            Files.deleteIfExists(trial);
        } catch (IOException e) {
            // A leftover trial log is harmless.
        }
        final Path yaml = shrunk.resolve(id + ".yaml");
        try {
            ReplayFile.write(file, "-" + id + "-shrunk", res.schedule(), yaml);
        } catch (IOException e) {
            throw new CampaignException("cannot write " + yaml + ": " + e.getMessage());
        }
        final String command = "newt run " + yaml + " --out " + shrunk.resolve(id + "-replay");
        final Report rep = new Report(id, r.failureClass(), original.size(), res.schedule().size(), res.runs(),
            res.reproduced(), firstRun.get(), res.minimal(), wall,
            res.schedule().describe(), res.steps(), yaml.toString(), command);
        try {
            ResultsJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(shrunk.resolve(id + ".json").toFile(), rep);
        } catch (IOException e) {
            throw new CampaignException("cannot write " + shrunk.resolve(id + ".json") + ": " + e.getMessage());
        }
        return rep;
    }

    /** The latest time an element is moved to: the end of the schedules' window, or the latest element. */
    private static Duration horizon(final Campaign c, final Schedule s) {
        Duration h = c.schedules().to();
        for (ScheduledFault f : s.faults()) {
            h = f.at().compareTo(h) > 0 ? f.at() : h;
        }
        for (ScheduledUpdate u : s.updates()) {
            h = u.at().compareTo(h) > 0 ? u.at() : h;
        }
        return h;
    }

    /**
     * Whether two schedules are the same, an update's image compared by its directory's name only: the
     * schedule records the image's absolute path, which differs in another checkout (a results directory
     * of /work/main shrunk from a worktree) while the schedule is the same.
     */
    static boolean sameData(final Map<String, Object> a, final Map<String, Object> b) {
        try {
            return located(ResultsJson.MAPPER.readTree(ResultsJson.MAPPER.writeValueAsString(a)))
                .equals(located(ResultsJson.MAPPER.readTree(ResultsJson.MAPPER.writeValueAsString(b))));
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode located(final JsonNode s) {
        if (s.get("updates") instanceof ArrayNode updates) {
            for (JsonNode u : updates) {
                if (u instanceof ObjectNode o && o.hasNonNull("image")) {
                    final Path image = Path.of(o.get("image").asText()).getFileName();
                    o.put("image", image == null ? "" : image.toString());
                }
            }
        }
        return s;
    }
}
