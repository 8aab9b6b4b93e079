package dev.newt.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.HangDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final long MS = 1_000_000;

    @Test
    void metricsSplitIntoThroughputAndLatencySeriesAtBinMiddles() {
        final Timeline t = Timeline.of(List.of(
            new CustomEvent(10 * MS, "b.app.bulk", EventKinds.WORKLOAD_METRIC,
                Map.of("binStart", 0L, "binNanos", 10 * MS, "throughputBytesPerSecond", 5000L,
                    "rttP99Nanos", 3 * MS, "bytes", 50L, "workload", "bulk")),
            new CustomEvent(20 * MS, "b.app.bulk", EventKinds.WORKLOAD_METRIC,
                Map.of("binStart", 10 * MS, "binNanos", 10 * MS, "throughputBytesPerSecond", 7000L,
                    "rttP99Nanos", 4 * MS, "bytes", 70L, "workload", "bulk"))));
        assertThat(t.throughput()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("b.app.bulk throughputBytesPerSecond");
            assertThat(s.xMillis()).containsExactly(5.0, 15.0);
            assertThat(s.y()).containsExactly(5000.0, 7000.0);
        });
        assertThat(t.latency()).singleElement().satisfies(s -> assertThat(s.y()).containsExactly(3.0, 4.0));
        assertThat(t.phases()).isEmpty();
        assertThat(t.endNanos()).isEqualTo(20 * MS);
    }

    @Test
    void detectionToRestartIsARecoveryPhasePerServer() {
        final Timeline t = Timeline.of(List.<Event>of(
            new HangDetected(10 * MS, "a.ip", 1, 5 * MS),
            new CorruptionDetected(12 * MS, "a.pf", 1, "flow table"),
            new HangDetected(13 * MS, "a.ip", 1, 8 * MS),
            new ServerRestarted(20 * MS, "a.ip", 1, 2, "fresh", 10 * MS, 0, 0),
            new ServerRestarted(30 * MS, "a.pf", 1, 2, "checkpoint", 18 * MS, 0, 0)));
        assertThat(t.phases()).containsExactly(new Phase(Phase.RECOVERY, "a.ip", 10 * MS, 20 * MS),
            new Phase(Phase.RECOVERY, "a.pf", 12 * MS, 30 * MS));
    }

    @Test
    void givingUpEndsRecoveryAndLastsToTheEndOfTheLog() {
        final Timeline t = Timeline.of(List.<Event>of(
            new CustomEvent(5 * MS, "a.tcp", EventKinds.FAULT_ACTIVATED, Map.of()),
            new HangDetected(10 * MS, "a.tcp", 1, 5 * MS),
            new GaveUp(15 * MS, "a.tcp", 3, 1000 * MS, "restart intensity"),
            new CustomEvent(40 * MS, "w", "something-else", Map.of())));
        assertThat(t.phases()).containsExactly(new Phase(Phase.FAULT, "a.tcp", 5 * MS, 40 * MS),
            new Phase(Phase.RECOVERY, "a.tcp", 10 * MS, 15 * MS), new Phase(Phase.GAVE_UP, "a.tcp", 15 * MS, 40 * MS));
    }

    @Test
    void updatePhasesTakeTheirOwnStartAndEnd() {
        final Timeline t = Timeline.of(List.<Event>of(
            new CustomEvent(9 * MS, "a.tcp", EventKinds.UPDATE_PHASE, Map.of("updateId", 1, "phase", "quiesce",
                "start", 5 * MS, "end", 9 * MS)),
            new CustomEvent(12 * MS, "a.tcp", EventKinds.UPDATE_PHASE, Map.of("updateId", 1, "phase", "rollback",
                "start", 9 * MS, "end", 12 * MS))));
        assertThat(t.phases()).extracting(Phase::kind).containsExactly("update:quiesce", "update:rollback");
        assertThat(t.phases().get(0).start()).isEqualTo(5 * MS);
        assertThat(t.isEmpty()).isFalse();
        assertThat(Timeline.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    void theFaultsStoryStartsAtItsFirstActivationAndFollowsTheFirstDetectionAfterIt() {
        final Timeline t = Timeline.of(List.<Event>of(
            new ServerCrashed(1 * MS, "a.ip", 1, "E", "before the fault", "Frame"),
            new ServerRestarted(2 * MS, "a.ip", 1, 2, "fresh", MS, 0, 0),
            new CustomEvent(5 * MS, "a.tcp", EventKinds.FAULT_ACTIVATED, Map.of()),
            new CustomEvent(6 * MS, "a.tcp", EventKinds.FAULT_ACTIVATED, Map.of()),
            new ServerCrashed(8 * MS, "a.tcp", 1, "E", "boom", "Segment"),
            new HangDetected(9 * MS, "a.pf", 1, MS),
            new ServerRestarted(10 * MS, "a.pf", 1, 2, "fresh", MS, 0, 0),
            new ServerRestarted(12 * MS, "a.tcp", 1, 2, "checkpoint", 4 * MS, 0, 0)));
        assertThat(t.activatedAt()).isEqualTo(5 * MS);
        assertThat(t.detected()).isEqualTo("crashed a.tcp");
        assertThat(t.detectionLatency()).isEqualTo(3 * MS);
        assertThat(t.recoveryTime()).isEqualTo(4 * MS);
        assertThat(t.restarts()).isEqualTo(3);
        assertThat(t.gaveUp()).isNull();
        assertThat(t.phases()).extracting(Phase::kind, Phase::server)
            .contains(tuple(Phase.RECOVERY, "a.ip"), tuple(Phase.FAULT, "a.tcp"));
    }

    private static CustomEvent bin(final String server, final long startMs, final long widthMs, final long rate) {
        return new CustomEvent((startMs + widthMs) * MS, server, EventKinds.WORKLOAD_METRIC,
            Map.of("binStart", startMs * MS, "binNanos", widthMs * MS, "ratePerSecond", rate, "workload", "rpc"));
    }

    @Test
    void aGapInAWorkloadsProgressIsAnOutageAndCountsAsServiceLost() {
        // rpc: progress, then 2 bins without, then progress; bulk: a hole of 30 ms without bins overlapping it.
        // Leading and trailing bins without progress (starting up, finished) are not an outage.
        final Timeline t = Timeline.of(List.of(
            bin("a.app.rpc", 0, 100, 0), bin("a.app.rpc", 100, 100, 50), bin("a.app.rpc", 200, 100, 0),
            bin("a.app.rpc", 300, 100, 0), bin("a.app.rpc", 400, 100, 40), bin("a.app.rpc", 500, 100, 0),
            bin("b.app.bulk", 0, 270, 9), bin("b.app.bulk", 300, 20, 9)));
        assertThat(t.phases()).filteredOn(p -> p.kind().equals(Phase.OUTAGE))
            .extracting(Phase::server, Phase::start, Phase::end)
            .containsExactly(tuple("a.app.rpc", 200 * MS, 400 * MS), tuple("b.app.bulk", 270 * MS, 300 * MS));
        assertThat(t.serviceLost()).as("the union: 200 to 400 ms").isEqualTo(200 * MS);
    }

    @Test
    void aRunWithoutGapsLostNoService() {
        assertThat(Timeline.of(List.of(bin("a.app.rpc", 0, 100, 5), bin("a.app.rpc", 100, 100, 5))).serviceLost())
            .isZero();
    }

    @Test
    void fromStartReadsADetectionWithoutAnActivation() {
        final List<Event> events = List.of(new ServerCrashed(5 * MS, "a.ip", 1, "E", "m", "Frame"),
            new ServerRestarted(7 * MS, "a.ip", 1, 2, "fresh", 2 * MS, 0, 1));
        assertThat(Timeline.of(events).detectedAt()).isNull();
        final Timeline t = Timeline.fromStart(events);
        assertThat(t.detected()).isEqualTo("crashed a.ip");
        assertThat(t.recoveryTime()).isEqualTo(2 * MS);
        assertThat(t.crash()).isEqualTo("E: m");
    }
}
