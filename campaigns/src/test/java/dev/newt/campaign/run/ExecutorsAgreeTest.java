package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.outcome.Classification;
import dev.newt.campaign.outcome.Integrity;
import dev.newt.campaign.outcome.OutcomeRules;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Experiment;
import dev.newt.results.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same campaign on the simulated and on the threaded executor gives every experiment the same
 * outcome class and the same detection (crash, hang or none), one experiment per fault type, on a small system paced so that real threads keep
 * up: a ping over two hosts, faults in b's ip, which every echo crosses twice.
 *
 * <p>Every fault type of the default campaign is here. {@code flip-comparison} is not: it rewrites
 * a comparison at a site the campaign names, a matter of the code and not of the executor.
 */
class ExecutorsAgreeTest {
    @TempDir
    Path dir;

    /**
     * A hang deadline of 1 s: threads on a loaded machine see no false hang (a handler of the ping
     * takes microseconds), and the {@code delay} of 1.5 s exceeds it, so it is a hang on both. Twenty
     * pings 20 ms apart: a restart's real cost (milliseconds) does not double the workload's time,
     * and a one-way latency far below the interval keeps each echo apart from the next.
     */
    private static final String CAMPAIGN = """
        name: agree
        seed: 5
        executor: %s
        duration: 10s
        deadline: 60s
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b], latency: 100us}]
          servers: {"*": {hangDeadline: 1s}}
        workloads: [{type: ping, from: a, to: b, count: 20, interval: 20ms}]
        matrix:
          targets: [b.ip]
          faults:
            - crash
            - hang
            - {type: delay, delay: 1500ms}
            - corrupt-state
            - corrupt-message
            - drop-message
            - duplicate-message
            - {type: wrong-return, mode: default}
            - leak
          triggers: ["nth:10"]
        """;

    @Test
    void everyFaultTypeHasTheSameOutcomeClassOnBothExecutors() {
        final Map<String, String> simulated = outcomes("simulated");
        final Map<String, String> threaded = outcomes("threaded");
        assertThat(simulated).hasSize(9);
        assertThat(threaded).isEqualTo(simulated);
        // The point of the comparison: a delay past the deadline is a hang on both, detected and restarted.
        assertThat(simulated.get("delay")).isEqualTo(simulated.get("hang"))
            .isEqualTo(Outcome.DEGRADED + ", hang-detected b.ip");
    }

    /** @return each experiment's outcome and detection by fault type, run in this JVM as the runner runs them */
    private Map<String, String> outcomes(final String executor) {
        final String yaml = CAMPAIGN.formatted(executor);
        final Campaign c = CampaignReader.read("agree-" + executor + ".yaml", yaml,
            CampaignReader.sha256(yaml.getBytes(StandardCharsets.UTF_8))).campaign();
        final RunObservation golden = InProcessRun.run(c, FaultPlans.probes(c.experiments()),
            dir.resolve(executor + "-golden.jsonl"));
        assertThat(golden.finished()).as(executor + " golden run").isTrue();
        final Integrity baseline = Integrity.of(golden.summaries());
        final Map<String, String> out = new LinkedHashMap<>();
        for (Experiment e : c.experiments()) {
            final RunObservation run = InProcessRun.run(c.forExperiment(e), FaultPlans.of(e),
                dir.resolve(executor + "-" + e.id() + ".jsonl"));
            final Classification k = OutcomeRules.classify(run, baseline);
            out.put(e.fault().type(), k.outcome() + ", " + (k.timeline().detected() == null ? "undetected"
                : k.timeline().detected()));
        }
        return out;
    }
}
