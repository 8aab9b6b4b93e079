package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.UpdateModel;
import dev.newt.campaign.system.SystemAssembly;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.results.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam the update manager connects to: scheduled before the run starts, each update requested
 * when the runtime clock reaches its time, results read after the run.
 */
class ScheduledUpdatesTest {
    @TempDir
    Path dir;

    @Test
    void updatesAreScheduledBeforeTheRunStartsAndTheirResultsEndUpInTheObservation() throws Exception {
        final String yaml = Files.readString(Path.of("src/test/resources/campaigns/small.yaml"))
            + "updates:\n  - {at: 5ms, servers: [b.tcp], image: target}\n";
        final Campaign c = CampaignReader.read("u.yaml", yaml, "sha").campaign();
        final List<String> calls = new ArrayList<>();
        final UpdateResult committed = new UpdateResult(List.of("b.tcp"), "target", 5_000_000, "committed", 1, 2, 3,
            4, "");
        final ScheduledUpdates fake = new ScheduledUpdates() {
            @Override
            public Scheduled schedule(final SystemAssembly.Assembled system, final List<UpdateModel> updates) {
                final NewtRuntime runtime = system.runtime();
                calls.add("schedule at " + runtime.now() + ": " + updates.get(0).servers() + " -> "
                    + updates.get(0).image() + " at " + updates.get(0).at());
                final long at = updates.get(0).at().toNanos();
                return new Scheduled() {
                    private boolean requested;

                    @Override
                    public long nextAt() {
                        return requested ? Long.MAX_VALUE : at;
                    }

                    @Override
                    public void requestDue() {
                        requested = true;
                        calls.add("requested at " + runtime.now());
                    }

                    @Override
                    public List<UpdateResult> results() {
                        calls.add("results");
                        return List.of(committed);
                    }
                };
            }
        };
        final RunObservation o = InProcessRun.run(c, new FaultPlan(0, List.of()), dir.resolve("u.jsonl"), fake);
        assertThat(o.harnessError()).isNull();
        // The simulation stops exactly at the update's time to request it.
        assertThat(calls).containsExactly("schedule at 0: [b.tcp] -> target at " + Duration.ofMillis(5),
            "requested at 5000000", "results");
        assertThat(o.updates()).containsExactly(committed);
    }
}
