package dev.newt.report;

import static dev.newt.report.ResultsFixture.MS;
import static dev.newt.report.ResultsFixture.custom;
import static dev.newt.report.ResultsFixture.experiment;
import static dev.newt.report.ResultsFixture.metric;

import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.UpdateResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small campaign whose every figure is known (see the expected values in the tests):
 * a.tcp crash: 3 recovered, 1 failed; a.tcp hang: 1 recovered, 1 degraded; b.ip crash: 1 recovered,
 * 1 not-activated, 1 masked; one update-only experiment, masked, with two updates.
 */
final class CraftedCampaign {
    static final String NAME = "tcp-crash";

    private CraftedCampaign() {
    }

    static List<ExperimentResult> experiments() {
        return List.of(
            experiment(0, "a.tcp", "crash", Outcome.RECOVERED, 1.0, 10.0),
            experiment(1, "a.tcp", "crash", Outcome.RECOVERED, 2.0, 20.0),
            experiment(2, "a.tcp", "crash", Outcome.RECOVERED, 3.0, 30.0),
            experiment(3, "a.tcp", "crash", Outcome.FAILED, 4.0, null),
            experiment(4, "a.tcp", "hang", Outcome.RECOVERED, 5.0, 50.0),
            experiment(5, "a.tcp", "hang", Outcome.DEGRADED, 6.0, 60.0),
            experiment(6, "b.ip", "crash", Outcome.RECOVERED, 0.5, 5.0),
            experiment(7, "b.ip", "crash", Outcome.NOT_ACTIVATED, null, null),
            experiment(8, "b.ip", "crash", Outcome.MASKED, null, null),
            ResultsFixture.withUpdates(experiment(9, null, null, Outcome.MASKED, null, null), List.of(
                new UpdateResult(List.of("a.tcp"), "tcp-v2", 100 * MS, "committed", 2 * MS, 3 * MS, 4 * MS, 9 * MS, ""),
                new UpdateResult(List.of("a.tcp"), "tcp-v3", 300 * MS, "rolled-back", 1 * MS, 2 * MS, 8 * MS,
                    20 * MS, "state transfer failed: field 'x' missing"))));
    }

    /** Writes the campaign with event logs for every experiment; e0000's has metrics and phases. */
    static ResultsFixture write(final Path dir) {
        final List<ExperimentResult> all = new ArrayList<>();
        all.add(ResultsFixture.golden());
        all.addAll(experiments());
        final ResultsFixture f = new ResultsFixture(dir).manifest(ResultsFixture.manifest(NAME, 10)).results(all);
        for (ExperimentResult r : all) {
            f.events(r.id(), List.of(metric("a.app.rpc", 0, 1000, 2)));
        }
        f.events("e0000", e0000());
        f.events("e0009", List.of(metric("a.app.rpc", 0, 1000, 2),
            custom(100, "a.tcp", EventKinds.UPDATE_PHASE, Map.of("updateId", 1, "phase", "quiesce", "start", 100 * MS,
                "end", 102 * MS)),
            custom(105, "a.tcp", EventKinds.UPDATE_PHASE, Map.of("updateId", 1, "phase", "transfer", "start", 102 * MS,
                "end", 105 * MS))));
        return f;
    }

    /** Throughput drops while a.tcp is down: fault at 50 ms, crash detected at 51 ms, restarted at 61 ms. */
    static List<Event> e0000() {
        final List<Event> events = new ArrayList<>();
        for (long bin = 0; bin < 100; bin += 10) {
            final boolean down = bin >= 50 && bin < 70;
            events.add(metric("a.app.rpc", bin, down ? 200 : 1000, down ? 40 : 2));
            if (bin == 50) {
                events.add(custom(50, "a.tcp", EventKinds.FAULT_ARMED, Map.of("fault", "crash")));
                events.add(custom(50, "a.tcp", EventKinds.FAULT_ACTIVATED, Map.of("fault", "crash")));
                events.add(custom(50, "a.tcp", EventKinds.FAULT_DISARMED, Map.of("fault", "crash")));
                events.add(new ServerCrashed(51 * MS, "a.tcp", 1, "RuntimeException", "injected", "handle"));
                events.add(new ServerRestarted(61 * MS, "a.tcp", 1, 2, "checkpoint", 10 * MS, 3, 0));
            }
        }
        return events;
    }
}
