package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.outcome.Integrity;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The golden run's own check: workloads that delivered nothing make a failed golden run. */
class GoldenRunTest {
    private static RunObservation finished(final Map<String, Map<String, Object>> summaries) {
        return new RunObservation(List.of(), summaries, List.copyOf(summaries.keySet()), List.of(), 1, List.of(),
            null, false);
    }

    @Test
    void aGoldenRunWhoseWorkloadDeliveredNothingFailsSayingWhy() {
        final ExperimentResult lost = ResultFactory.golden(1, finished(Map.of("a.app.udp-echo", Map.of(
            "workload", "udp-echo", "sent", 50L, "received", 0L, "lost", 50L))), 1, "events/golden.jsonl");
        assertThat(lost.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(lost.detail()).contains("a.app.udp-echo").contains("50 of 50");
        final ExperimentResult rpc = ResultFactory.golden(1, finished(Map.of("a.app.rpc", Map.of(
            "workload", "rpc-client", "requests", 10L, "ok", 0L, "failed", 10L, "unfinished", 0L))), 1, "g");
        assertThat(rpc.outcome()).isEqualTo(Outcome.FAILED);
        final ExperimentResult bulk = ResultFactory.golden(1, finished(Map.of("b.app.bulk", Map.of(
            "workload", "bulk-receiver", "bytesExpected", 4096L, "bytesReceived", 0L))), 1, "g");
        assertThat(bulk.outcome()).isEqualTo(Outcome.FAILED);
        // Some loss on a lossy link is the baseline the experiments are compared with, not a failure.
        final ExperimentResult some = ResultFactory.golden(1, finished(Map.of("a.app.udp-echo", Map.of(
            "workload", "udp-echo", "sent", 50L, "received", 48L, "lost", 2L))), 1, "g");
        assertThat(some.outcome()).isEqualTo(Outcome.NOT_ACTIVATED);
    }

    @Test
    void aFailedGoldenRunSaysWhatThePacketFiltersBlocked() {
        final List<Event> events = List.of(
            new CustomEvent(5, "b.pf", EventKinds.PF_BLOCKED, Map.of("direction", "in", "blocked", 1L,
                "packet", "6 10.0.0.1:40000 > 10.0.0.2:80")),
            new CustomEvent(9, "b.pf", EventKinds.PF_BLOCKED, Map.of("direction", "in", "blocked", 10L,
                "packet", "6 10.0.0.1:40001 > 10.0.0.2:80")));
        final Map<String, Map<String, Object>> summaries = Map.of("b.app.bulk-receiver", Map.of(
            "workload", "bulk-receiver", "bytesExpected", 4096L, "bytesReceived", 0L));
        final ExperimentResult r = ResultFactory.golden(1, new RunObservation(events, summaries,
            List.copyOf(summaries.keySet()), List.of(), 1, List.of(), null, false), 1, "g");
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.detail()).endsWith("; pf blocked: b.pf 10 in (last 6 10.0.0.1:40001 > 10.0.0.2:80)");
    }

    @Test
    void workloadTimesAreInServerNameOrderWhateverTheOrderTheyArrivedIn() {
        final Map<String, Map<String, Object>> summaries = new LinkedHashMap<>();
        for (String s : List.of("h.app", "c.app", "a.app", "g.app", "e.app", "b.app", "f.app", "d.app")) {
            summaries.put(s, Map.of("workload", "x", "elapsedNanos", 1L));
        }
        assertThat(Integrity.of(summaries).elapsedNanos().keySet())
            .containsExactly("a.app", "b.app", "c.app", "d.app", "e.app", "f.app", "g.app", "h.app");
    }
}
