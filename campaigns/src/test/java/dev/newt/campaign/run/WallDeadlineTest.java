package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Schedule;
import dev.newt.core.event.EventKinds;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated run past its wall-clock deadline is stopped there, not left computing until its
 * duration of virtual time (minutes of CPU taken from the runs after it in a swarm).
 */
class WallDeadlineTest {
    /** An hour of virtual time to move a gigabyte: far longer than its 2 s deadline on any machine. */
    private static final String LONG_RUN = """
        name: long-simulated
        seed: 5
        executor: simulated
        duration: 3600s
        deadline: 2s
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b], latency: 1ms}]
        workloads:
          - {type: bulk, from: a, to: b, bytes: 1000000000}
        schedules:
          runs: 1
          faults: 1
          updates: 0
          targets: [b.ip]
          types: [{type: delay, delay: 1ms}]
          shrink: 0s
        """;

    @TempDir
    Path dir;

    @Test
    void aSimulatedRunPastItsWallDeadlineStopsThereAndLeavesNoThreadComputing() {
        final CampaignReader.Result read = CampaignReader.read("long.yaml", LONG_RUN, "sha");
        assertThat(read.problems()).isEmpty();
        final Campaign c = read.campaign();
        final Schedule s = c.schedules().scheduleFor(c.seed());

        final RunObservation o = CampaignRunner.runSchedule(c, s, dir.resolve("long.jsonl"));

        assertThat(o.deadlineExceeded()).isTrue();
        // The run's thread was interrupted, stopped after its step and closed its runtime before the
        // harness went on: nothing of it is left running.
        final List<Thread> left = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("newt-experiment-schedule-" + s.seed()) && t.isAlive()).toList();
        assertThat(left).as("threads of the stopped run still alive").isEmpty();
        // Its log was closed whole: the schedule first, as in any run.
        assertThat(o.events()).isNotEmpty();
        assertThat(EventKinds.of(o.events().get(0))).isEqualTo(EventKinds.SCHEDULE);
    }
}
