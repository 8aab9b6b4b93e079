package dev.newt.campaign.run;

import dev.newt.campaign.yaml.InputFiles;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code newt merge}: joins the results directories of a campaign's slices into one, as if the
 * campaign had run unsharded: one golden run (the first slice's), every experiment once, in index
 * order, with its event log. Refuses slices of different campaigns, an experiment twice, and a
 * missing slice or experiment, naming them.
 */
public final class Merge {
    private Merge() {
    }

    /**
     * @param dirs the slices' directories
     * @param out  the directory to write, which must not hold results yet
     * @return the number of experiments merged
     * @throws CampaignException naming the offending directory, slice or experiment
     */
    public static int merge(final List<Path> dirs, final Path out) throws CampaignException {
        if (dirs.isEmpty()) {
            throw new CampaignException("give the directories of the slices to merge");
        }
        ResultsPaths.checkOut(out);
        if (Files.exists(out.resolve(CampaignRunner.RESULTS))) {
            throw new CampaignException(out + " already holds results; merge into a new directory");
        }
        final List<CampaignManifest> manifests = new ArrayList<>();
        for (Path d : dirs) {
            manifests.add(Manifests.read(d));
        }
        final CampaignManifest first = manifests.get(0);
        final Map<Integer, Path> slices = new HashMap<>();
        for (int i = 0; i < dirs.size(); i++) {
            final CampaignManifest m = manifests.get(i);
            if (!m.name().equals(first.name()) || m.seed() != first.seed() || !m.fileSha256().equals(first.fileSha256())
                || m.shardCount() != first.shardCount()) {
                throw new CampaignException(dirs.get(i) + " holds campaign '" + m.name() + "' seed " + m.seed()
                    + " in " + m.shardCount() + " slices (file sha256 " + m.fileSha256() + "), but " + dirs.get(0)
                    + " holds '" + first.name() + "' seed " + first.seed() + " in " + first.shardCount()
                    + " slices (file sha256 " + first.fileSha256() + "): not slices of one campaign run");
            }
            final Path other = slices.put(m.shardIndex(), dirs.get(i));
            if (other != null) {
                throw new CampaignException("slice " + m.shardIndex() + "/" + m.shardCount() + " is given twice: "
                    + other + " and " + dirs.get(i));
            }
        }
        for (int s = 0; s < first.shardCount(); s++) {
            if (!slices.containsKey(s)) {
                throw new CampaignException("slice " + s + "/" + first.shardCount() + " is missing");
            }
        }
        final Map<String, Path> owner = new HashMap<>();
        final Map<ExperimentResult, Path> logs = new IdentityHashMap<>();
        final List<ExperimentResult> all = new ArrayList<>();
        ExperimentResult golden = null;
        int expected = 0;
        for (int i = 0; i < dirs.size(); i++) {
            final Path d = dirs.get(i);
            expected += manifests.get(i).experiments();
            final ResultsLog.Contents c = ResultsPaths.results(d);
            for (int line = 1; line <= c.results().size(); line++) {
                final ExperimentResult r = c.results().get(line - 1);
                logs.put(r, ResultsPaths.eventLog(d, r, d.resolve(CampaignRunner.RESULTS) + ":" + line));
                if (r.golden()) {
                    if (golden == null) {
                        golden = r;
                    }
                    continue;
                }
                final Path prev = owner.put(r.id(), d);
                if (prev != null) {
                    throw new CampaignException("experiment " + r.id() + " appears twice: in " + prev + " and " + d);
                }
                all.add(r);
            }
        }
        if (golden == null) {
            throw new CampaignException("no slice holds the golden run");
        }
        final TreeSet<Integer> missing = new TreeSet<>();
        for (int i = 0; i < expected; i++) {
            missing.add(i);
        }
        all.forEach(r -> missing.remove(r.index()));
        if (!missing.isEmpty()) {
            throw new CampaignException(missing.size() + " experiment(s) missing, the first " + String.format(
                "e%04d", missing.first()) + " (slice " + missing.first() % first.shardCount() + "/"
                + first.shardCount() + "): finish that slice with --resume first");
        }
        all.sort(Comparator.comparingInt(ExperimentResult::index));
        write(out, first, expected, golden, all, logs);
        return all.size();
    }

    /**
     * Writes the merged directory beside {@code out} and renames it into place at the end, so that a
     * merge that fails leaves nothing behind. Event logs are copied only into the new directory, never
     * over an existing file.
     */
    private static void write(final Path out, final CampaignManifest first, final int experiments,
                              final ExperimentResult golden, final List<ExperimentResult> all,
                              final Map<ExperimentResult, Path> logs) throws CampaignException {
        final Path target = out.toAbsolutePath().normalize();
        final Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".merging-");
            Files.createDirectories(tmp.resolve(CampaignRunner.EVENTS));
            Manifests.write(tmp, new CampaignManifest(first.name(), first.seed(), first.executor(), first.file(),
                first.fileSha256(), first.gitCommit(), first.newtVersion(), first.jvm(), first.machine(),
                first.startedAt(), first.command(), experiments, 0, 1));
            try (ResultsLog log = ResultsLog.create(tmp.resolve(CampaignRunner.RESULTS))) {
                for (ExperimentResult r : concat(golden, all)) {
                    log.append(r);
                    copy(logs.get(r), tmp, r);
                }
            }
            if (Files.isDirectory(target)) {
                Files.delete(target); // empty: checkOut refused anything else
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException | UncheckedIOException e) {
            final IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new CampaignException("cannot write " + out + ": " + InputFiles.reason(io));
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static List<ExperimentResult> concat(final ExperimentResult golden, final List<ExperimentResult> all) {
        final List<ExperimentResult> out = new ArrayList<>(all.size() + 1);
        out.add(golden);
        out.addAll(all);
        return out;
    }

    /** Copies a result's event log (checked to lie in its slice) to the same relative path in {@code to}. */
    private static void copy(final Path src, final Path to, final ExperimentResult r) throws IOException {
        if (Files.isRegularFile(src)) {
            final Path dest = to.resolve(ResultsPaths.named(r)).normalize();
            if (!dest.startsWith(to)) {
                throw new IllegalStateException("event log " + ResultsPaths.named(r) + " leaves " + to);
            }
            Files.createDirectories(dest.getParent());
            Files.copy(src, dest);
        }
    }

    private static void deleteTree(final Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: what is left is a hidden directory beside --out.
        }
    }
}
