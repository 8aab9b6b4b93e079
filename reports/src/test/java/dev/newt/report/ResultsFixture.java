package dev.newt.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventJson;
import dev.newt.core.event.EventKinds;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsJson;
import dev.newt.results.UpdateResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes results directories in the campaign format, as a campaign run would. */
final class ResultsFixture {
    static final long MS = 1_000_000L;

    private final Path dir;

    ResultsFixture(final Path dir) {
        this.dir = dir;
    }

    static CampaignManifest manifest(final String name, final int experiments) {
        return new CampaignManifest(name, 42, "simulated", "campaigns/tcp.yaml", "ab12", "c5e0742", "0.1.0-SNAPSHOT",
            "OpenJDK 64-Bit Server VM 17.0.2", "Linux amd64, 2 processors", "2026-11-27T10:00:00Z",
            "newt run campaigns/tcp.yaml --seed 42 --out " + name, experiments, 0, 1);
    }

    ResultsFixture manifest(final CampaignManifest m) {
        try {
            Files.writeString(dir.resolve("campaign.json"), ResultsJson.MAPPER.writeValueAsString(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ResultsFixture results(final List<ExperimentResult> results) {
        return appendResults(results.stream().map(ResultsJson::toLine).collect(Collectors.joining("\n", "", "\n")));
    }

    ResultsFixture appendResults(final String text) {
        try {
            Files.writeString(dir.resolve("results.jsonl"), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ResultsFixture events(final String id, final List<Event> events) {
        return eventText(id, events.stream().map(EventJson::toLine).collect(Collectors.joining("\n", "", "\n")));
    }

    ResultsFixture eventText(final String id, final String text) {
        try {
            Files.createDirectories(dir.resolve("events"));
            Files.writeString(dir.resolve("events/" + id + ".jsonl"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static ExperimentResult golden() {
        return new ExperimentResult(ExperimentResult.GOLDEN, -1, null, null, null, 0, 42, Outcome.NOT_ACTIVATED,
            "no fault injected", null, null, null, 0, 0, 0, 0, 0, 0, Map.of("sent", 100), List.of(), 900, 500 * MS,
            "events/golden.jsonl");
    }

    /** An experiment with a fault; detection and recovery in milliseconds, null when none. */
    static ExperimentResult experiment(final int index, final String target, final String fault, final Outcome outcome,
                                       final Double detectionMs, final Double recoveryMs) {
        final String id = String.format("e%04d", index);
        return new ExperimentResult(id, index, target, fault, "nth:10", 0, 1000 + index, outcome,
            outcome.label() + " because the test says so", detectionMs == null ? null : 50 * MS,
            nanos(detectionMs), nanos(recoveryMs), recoveryMs == null ? 0 : 1, 0, 0, 0, 0,
            outcome == Outcome.DEGRADED ? 3 : 0, Map.of("sent", 100), List.of(), 1000 + index, 500 * MS,
            "events/" + id + ".jsonl");
    }

    static ExperimentResult withUpdates(final ExperimentResult r, final List<UpdateResult> updates) {
        return new ExperimentResult(r.id(), r.index(), r.target(), r.faultType(), r.trigger(), r.repetition(), r.seed(),
            r.outcome(), r.detail(), r.activatedAt(), r.detectionLatencyNanos(), r.recoveryNanos(), r.restarts(),
            r.connectionsLost(), r.bytesLost(), r.bytesDuplicated(), r.bytesCorrupted(), r.requestsFailed(),
            r.workload(), updates, r.wallMillis(), r.runtimeNanos(), r.eventLog());
    }

    static Long nanos(final Double ms) {
        return ms == null ? null : Math.round(ms * MS);
    }

    static CustomEvent metric(final String server, final long binStartMs, final long rate, final long rttP99Ms) {
        return new CustomEvent(binStartMs * MS + 10 * MS, server, EventKinds.WORKLOAD_METRIC, Map.of("workload", "rpc",
            "binStart", binStartMs * MS, "binNanos", 10 * MS, "ratePerSecond", rate, "rttP99Nanos", rttP99Ms * MS));
    }

    static CustomEvent custom(final long timeMs, final String server, final String kind, final Map<String, Object> f) {
        return new CustomEvent(timeMs * MS, server, kind, f);
    }

    static String line(final Object o) {
        try {
            return ResultsJson.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
