package dev.newt.campaign.run;

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
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
        final List<ExperimentResult> all = new ArrayList<>();
        ExperimentResult golden = null;
        Path goldenDir = null;
        int expected = 0;
        for (int i = 0; i < dirs.size(); i++) {
            final Path d = dirs.get(i);
            expected += manifests.get(i).experiments();
            final ResultsLog.Contents c = ResultsLog.read(d.resolve(CampaignRunner.RESULTS));
            for (ExperimentResult r : c.results()) {
                if (r.golden()) {
                    if (golden == null) {
                        golden = r;
                        goldenDir = d;
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
        write(out, first, expected, golden, goldenDir, all, owner);
        return all.size();
    }

    private static void write(final Path out, final CampaignManifest first, final int experiments,
                              final ExperimentResult golden, final Path goldenDir, final List<ExperimentResult> all,
                              final Map<String, Path> owner) throws CampaignException {
        try {
            Files.createDirectories(out.resolve(CampaignRunner.EVENTS));
            if (Files.exists(out.resolve(CampaignRunner.RESULTS))) {
                throw new CampaignException(out + " already holds results; merge into a new directory");
            }
            Manifests.write(out, new CampaignManifest(first.name(), first.seed(), first.executor(), first.file(),
                first.fileSha256(), first.gitCommit(), first.newtVersion(), first.jvm(), first.machine(),
                first.startedAt(), first.command(), experiments, 0, 1));
            try (ResultsLog log = ResultsLog.create(out.resolve(CampaignRunner.RESULTS))) {
                log.append(golden);
                copy(goldenDir, out, golden.eventLog());
                for (ExperimentResult r : all) {
                    log.append(r);
                    copy(owner.get(r.id()), out, r.eventLog());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    private static void copy(final Path from, final Path to, final String eventLog) throws IOException {
        final Path src = from.resolve(eventLog);
        if (Files.exists(src)) {
            Files.copy(src, to.resolve(eventLog), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
