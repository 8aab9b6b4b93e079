package dev.newt.campaign.run;

import dev.newt.campaign.yaml.InputFiles;
import dev.newt.results.ExperimentResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps every file newt reads or writes inside the results directory the user named: an event-log
 * path a results line gives must stay in its directory, no link may lead out of it, and a directory
 * that holds something other than results is not written into.
 */
final class ResultsPaths {
    /** The files and directories a run writes; anything else in a directory means it is not ours. */
    private static final List<String> OURS = List.of(Manifests.FILE, CampaignRunner.RESULTS, CampaignRunner.EVENTS,
        "sites.json");

    private ResultsPaths() {
    }

    /**
     * @param out the directory named by {@code --out}
     * @throws CampaignException when it is empty, is not a directory, or holds files but no results
     */
    static void checkOut(final Path out) throws CampaignException {
        if (out.toString().isBlank()) {
            throw new CampaignException("--out is empty: name the results directory to write");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CampaignException(out + " is not a directory: give --out a directory to write the results in");
        }
        if (Files.isDirectory(out) && !Files.exists(out.resolve(Manifests.FILE))) {
            try (Stream<Path> entries = Files.list(out)) {
                final List<String> others = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(CampaignRunner.EVENTS)).sorted().toList();
                if (!others.isEmpty()) {
                    throw new CampaignException(out + " holds files but no results (" + String.join(", ",
                        others.subList(0, Math.min(3, others.size()))) + (others.size() > 3 ? ", ..." : "")
                        + "): newt writes only into a new or empty directory, or one a run of newt wrote; "
                        + "give another --out");
                }
            } catch (IOException e) {
                throw new CampaignException("cannot list " + out + ": " + InputFiles.reason(e));
            }
        }
        for (String f : OURS) {
            if (Files.isSymbolicLink(out.resolve(f))) {
                throw new CampaignException(out.resolve(f) + " is a link: newt does not follow links in a results "
                    + "directory");
            }
        }
    }

    /**
     * @param dir   a results directory
     * @param r     one of its results
     * @param where the results file and line, for the message
     * @return the result's event log, resolved in {@code dir}
     * @throws CampaignException when the path leaves {@code dir}, by name or through a link
     */
    static Path eventLog(final Path dir, final ExperimentResult r, final String where) throws CampaignException {
        final String named = named(r);
        final Path relative = Path.of(named).normalize();
        if (relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty()) {
            throw new CampaignException(where + ": experiment " + r.id() + "'s event log '" + named
                + "' leaves the results directory; refusing it");
        }
        final Path file = dir.resolve(relative);
        Path p = dir;
        for (Path part : relative) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p) && !inside(dir, p)) {
                throw new CampaignException(where + ": experiment " + r.id() + "'s event log " + named + " is a link "
                    + "out of the results directory (" + p + "); newt does not follow it");
            }
        }
        return file;
    }

    /** @param r a result @return its event log's path as written, or {@code events/ID.jsonl} when it names none */
    static String named(final ExperimentResult r) {
        return r.eventLog() == null || r.eventLog().isBlank() ? CampaignRunner.EVENTS + "/" + r.id() + ".jsonl"
            : r.eventLog();
    }

    /** Whether {@code p} (a link) really lies in {@code dir}; a dangling link does not. */
    private static boolean inside(final Path dir, final Path p) {
        try {
            return p.toRealPath().startsWith(dir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param dir a results directory
     * @return what its results file holds
     * @throws CampaignException naming the file and line of a line that is not a result, or a file newt cannot read
     */
    static ResultsLog.Contents results(final Path dir) throws CampaignException {
        final Path file = dir.resolve(CampaignRunner.RESULTS);
        try {
            return ResultsLog.read(file);
        } catch (IllegalArgumentException e) {
            throw new CampaignException(e.getMessage());
        }
    }
}
