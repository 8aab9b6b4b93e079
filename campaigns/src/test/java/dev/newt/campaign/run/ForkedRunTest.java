package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.outcome.Classification;
import dev.newt.campaign.outcome.Integrity;
import dev.newt.campaign.outcome.OutcomeRules;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Experiment;
import dev.newt.core.event.ServerRestarted;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The threaded executor: each run in a forked JVM (one here, the JVM start dominates), and a run past its deadline killed. */
class ForkedRunTest {
    @TempDir
    Path dir;

    private Path campaign(final String deadline, final String duration) throws Exception {
        final Path f = dir.resolve("threaded.yaml");
        Files.writeString(f, """
            name: threaded
            seed: 3
            executor: threaded
            duration: %s
            deadline: %s
            system:
              hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
              links: [{between: [a, b], latency: 100us}]
              servers: {"*": {hangDeadline: 2s}}   # threads on a loaded machine: no spurious hang
            workloads: [{type: ping, from: a, to: b, count: 20, interval: 1ms}]
            experiments:
              - {target: b.ip, fault: crash, trigger: "nth:10"}
            """.formatted(duration, deadline));
        return f;
    }

    @Test
    void aThreadedExperimentRunsInAForkedJvmAndHandsBackWhatItSaw() throws Exception {
        final Path f = campaign("60s", "10s");
        final RunObservation o = ForkedRun.run(f, 3, "0", dir.resolve("e0000.jsonl"), Duration.ofSeconds(60));
        assertThat(o.harnessError()).isNull();
        assertThat(o.deadlineExceeded()).isFalse();
        assertThat(o.finished()).isTrue();
        assertThat(o.summaries()).containsKey("a.app.ping");
        assertThat(o.faults()).singleElement().satisfies(x -> assertThat(x.activatedAt()).containsExactly(10L));
        assertThat(o.events()).anySatisfy(e -> assertThat(e).isInstanceOf(ServerRestarted.class));
        final Classification c = OutcomeRules.classify(o, Integrity.of(Map.of()));
        assertThat(c.timeline().restarts()).isPositive();
        assertThat(c.outcome()).isIn(Outcome.RECOVERED, Outcome.DEGRADED);
    }

    @Test
    void aSimulatedExperimentSeesTheSameInAForkedJvmAsInProcess() throws Exception {
        final Path f = Path.of("src/test/resources/campaigns/small.yaml");
        final Campaign c = CampaignReader.read(f).campaign();
        final Experiment e = c.experiments().get(2);
        final RunObservation here = InProcessRun.run(c.forExperiment(e), FaultPlans.of(e), dir.resolve("here.jsonl"));
        final RunObservation there = ForkedRun.run(f, c.seed(), "2", dir.resolve("there.jsonl"), Duration.ofSeconds(60));
        assertThat(there.harnessError()).isNull();
        assertThat(Files.readString(dir.resolve("there.jsonl"))).isEqualTo(Files.readString(dir.resolve("here.jsonl")));
        assertThat(there.events()).hasSameSizeAs(here.events());
        assertThat(ResultsJson.MAPPER.writeValueAsString(there.summaries()))
            .isEqualTo(ResultsJson.MAPPER.writeValueAsString(here.summaries()));
        assertThat(there.runtimeNanos()).isEqualTo(here.runtimeNanos());
    }

    @Test
    void aForkedRunStillGoingAtItsDeadlineIsKilledAndFailed() throws Exception {
        // A deadline far shorter than a JVM's start: the child is killed, whatever it was doing.
        final Path f = campaign("1ms", "10s");
        final RunObservation o = ForkedRun.run(f, 3, "0", dir.resolve("e0000.jsonl"), Duration.ofMillis(1));
        assertThat(o.deadlineExceeded()).isTrue();
    }
}
