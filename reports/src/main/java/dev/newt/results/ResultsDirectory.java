package dev.newt.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A results directory read for a report: the manifest (when present and readable), every
 * experiment of {@code results.jsonl} in file order, and the warnings met on the way. What can be
 * read is read: a missing or unreadable manifest, a missing results file or a torn last line are
 * warnings; a directory with neither file, or a bad line before the last, is an error.
 */
public final class ResultsDirectory {
    /** The manifest's file name. */
    public static final String MANIFEST = "campaign.json";
    /** The results file's name. */
    public static final String RESULTS = "results.jsonl";
    /** The folder of event logs. */
    public static final String EVENTS = "events";

    private final Path dir;
    private final CampaignManifest manifest;
    private final List<ExperimentResult> results;
    private final List<String> warnings;

    private ResultsDirectory(final Path dir, final CampaignManifest manifest,
                             final List<ExperimentResult> results, final List<String> warnings) {
        this.dir = dir;
        this.manifest = manifest;
        this.results = Collections.unmodifiableList(results);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /**
     * @param dir the results directory
     * @return what it holds
     * @throws ResultsException when it is not a directory, holds neither a manifest nor results, or
     *                          a line of {@code results.jsonl} before the last does not parse
     */
    public static ResultsDirectory read(final Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ResultsException(dir + " is not a directory");
        }
        final Path manifestFile = dir.resolve(MANIFEST);
        final Path resultsFile = dir.resolve(RESULTS);
        if (!Files.exists(manifestFile) && !Files.exists(resultsFile)) {
            throw new ResultsException(dir + " holds no results: neither " + MANIFEST + " nor " + RESULTS
                + " (is it the output directory of a campaign run?)");
        }
        final List<String> warnings = new ArrayList<>();
        final CampaignManifest manifest = readManifest(manifestFile, warnings);
        final List<ExperimentResult> results = new ArrayList<>();
        if (Files.exists(resultsFile)) {
            final JsonLines.Read<ExperimentResult> read =
                JsonLines.read(resultsFile, RESULTS, ResultsJson::fromLine, false);
            warnings.addAll(read.warnings());
            results.addAll(withoutDuplicates(read.items(), warnings));
            if (results.isEmpty()) {
                warnings.add(RESULTS + " holds no experiment yet");
            }
        } else {
            warnings.add(RESULTS + " is missing: no experiment has finished");
        }
        if (manifest != null) {
            final long done = results.stream().filter(r -> !r.golden()).count();
            if (done < manifest.experiments()) {
                warnings.add(MANIFEST + " announces " + manifest.experiments() + " experiments, "
                    + RESULTS + " holds " + done + " (run unfinished or killed?)");
            }
        }
        return new ResultsDirectory(dir, manifest, results, warnings);
    }

    private static CampaignManifest readManifest(final Path file, final List<String> warnings) {
        if (!Files.exists(file)) {
            warnings.add(MANIFEST + " is missing: the campaign's identity is unknown");
            return null;
        }
        try {
            return ResultsJson.MAPPER.readValue(file.toFile(), CampaignManifest.class);
        } catch (JsonProcessingException e) {
            warnings.add(MANIFEST + ": " + JsonLines.reason(e) + "; the campaign's identity is unknown");
        } catch (IOException e) {
            warnings.add(MANIFEST + " cannot be read: " + e.getMessage());
        }
        return null;
    }

    /** A resumed run must not repeat an experiment; if one is repeated anyway, the first line counts. */
    private static List<ExperimentResult> withoutDuplicates(final List<ExperimentResult> read,
                                                            final List<String> warnings) {
        final Set<String> seen = new HashSet<>();
        final List<ExperimentResult> kept = new ArrayList<>(read.size());
        for (ExperimentResult r : read) {
            if (r.id() == null || r.outcome() == null) {
                warnings.add(RESULTS + ": an experiment without " + (r.id() == null ? "id" : "outcome")
                    + " (" + r.id() + ") skipped");
            } else if (seen.add(r.id())) {
                kept.add(r);
            } else {
                warnings.add(RESULTS + ": experiment " + r.id() + " appears again; the first one counts");
            }
        }
        return kept;
    }

    /** @return the directory */
    public Path path() {
        return dir;
    }

    /** @return the manifest, empty when missing or unreadable (a warning says which) */
    public Optional<CampaignManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    /** @return every experiment, the golden run included, in file order */
    public List<ExperimentResult> results() {
        return results;
    }

    /** @return what was skipped or is missing, one sentence each */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @param result an experiment of this directory
     * @return its event log's path relative to the directory ({@code events/ID.jsonl} when the
     *         result names none), empty when the named path leaves the directory, by name or
     *         through a link
     */
    public Optional<String> eventLogPath(final ExperimentResult result) {
        final String named = result.eventLog() == null || result.eventLog().isBlank()
            ? EVENTS + "/" + result.id() + ".jsonl" : result.eventLog();
        final Path resolved = dir.resolve(named).normalize();
        if (!resolved.startsWith(dir.normalize()) || Path.of(named).isAbsolute() || linksOut(resolved)) {
            return Optional.empty();
        }
        return Optional.of(named.replace('\\', '/'));
    }

    /** Whether an existing file's real path (links followed) lies outside the directory. */
    private boolean linksOut(final Path file) {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return !file.toRealPath().startsWith(dir.toRealPath());
        } catch (java.io.IOException e) {
            return true; // a dangling link
        }
    }

    /**
     * @param result an experiment of this directory
     * @return whether its event log exists
     */
    public boolean hasEventLog(final ExperimentResult result) {
        return eventLogPath(result).map(p -> Files.isRegularFile(dir.resolve(p))).orElse(false);
    }

    /**
     * Reads an experiment's event log, skipping (with a warning) a torn last line and any line that
     * is not a known event.
     *
     * @param result an experiment of this directory
     * @return the events and warnings; no events and a warning when the log is missing
     */
    public EventLogRead events(final ExperimentResult result) {
        final Optional<String> path = eventLogPath(result);
        if (path.isEmpty()) {
            return new EventLogRead(List.of(), List.of("event log path '" + result.eventLog()
                + "' leaves the results directory; ignored"));
        }
        final Path file = dir.resolve(path.get());
        if (!Files.isRegularFile(file)) {
            return new EventLogRead(List.of(), List.of("event log " + path.get() + " is missing"));
        }
        try {
            final JsonLines.Read<Event> read = JsonLines.read(file, path.get(), EventJson::fromLine, true);
            return new EventLogRead(read.items(), read.warnings());
        } catch (ResultsException e) {
            return new EventLogRead(List.of(), List.of(e.getMessage()));
        }
    }

    /**
     * An event log as read.
     *
     * @param events   the events in order
     * @param warnings lines skipped, or why there are no events
     */
    public record EventLogRead(List<Event> events, List<String> warnings) {
    }
}
