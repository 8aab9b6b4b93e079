package dev.newt.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The field records write the event log's lines as they always were, and read them back. */
class CustomEventFieldsTest {

    @Test
    void faultActivatedKeepsItsFieldsAndReadsBack() {
        final Map<String, Object> effect = new LinkedHashMap<>();
        effect.put("mode", "set");
        effect.put("field", "count");
        effect.put("old", 3);
        effect.put("new", null);
        final FaultActivated a = new FaultActivated("f1", "corrupt-state", "Pf.handle(...)", 7, 2L, effect);
        final CustomEvent e = new CustomEvent(100, "a.pf", EventKinds.FAULT_ACTIVATED, a.toFields());
        assertThat(e.fields().keySet()).containsExactly("fault", "type", "site", "call", "epoch", "mode", "field",
            "old", "new");
        assertThat(EventJson.toLine(e)).isEqualTo("{\"type\":\"custom\",\"fields\":{\"call\":7,\"epoch\":2,"
            + "\"fault\":\"f1\",\"field\":\"count\",\"mode\":\"set\",\"new\":null,\"old\":3,"
            + "\"site\":\"Pf.handle(...)\","
            + "\"type\":\"corrupt-state\"},\"kind\":\"fault-activated\",\"server\":\"a.pf\",\"time\":100}");
        assertThat(FaultActivated.from((CustomEvent) EventJson.fromLine(EventJson.toLine(e)))).isEqualTo(a);
    }

    @Test
    void faultActivatedOutsideAHandlerHasNoEpoch() {
        final FaultActivated a = new FaultActivated("f1", "crash", "S.m()", 1, null, Map.of("at", "entry"));
        assertThat(a.toFields()).containsOnlyKeys("fault", "type", "site", "call", "at");
        assertThat(FaultActivated.from(new CustomEvent(0, "s", EventKinds.FAULT_ACTIVATED, a.toFields()))).isEqualTo(a);
    }

    @Test
    void faultDisarmedCarriesActivationsOnlyWhenGiven() {
        final FaultDisarmed once = new FaultDisarmed("f1", "crash", "fired once", null);
        assertThat(once.toFields()).containsExactly(Map.entry("fault", "f1"), Map.entry("type", "crash"),
            Map.entry("reason", "fired once"));
        final FaultDisarmed end = new FaultDisarmed("f1", "crash", "end of run", 4);
        assertThat(FaultDisarmed.from(new CustomEvent(0, "s", EventKinds.FAULT_DISARMED, end.toFields())))
            .isEqualTo(end);
    }

    @Test
    void updatePhaseReadsWhatOlderLogsLeftOut() {
        final UpdatePhase p = new UpdatePhase("u1", UpdatePhase.QUIESCE, 10, 20);
        assertThat(p.toFields().keySet()).containsExactly("updateId", "phase", "start", "end");
        assertThat(UpdatePhase.from(new CustomEvent(20, "j", EventKinds.UPDATE_PHASE, p.toFields()))).isEqualTo(p);
        assertThat(UpdatePhase.from(new CustomEvent(30, "j", EventKinds.UPDATE_PHASE, Map.of("updateId", 1))))
            .isEqualTo(new UpdatePhase("1", null, 30, 30));
    }

    @Test
    void workloadMetricPutsItsBinBeforeTheFigures() {
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sent", 5L);
        figures.put("rttP99Nanos", 900L);
        final WorkloadMetric m = new WorkloadMetric("udp-echo", 0, 100, figures);
        assertThat(m.toFields().keySet()).containsExactly("workload", "binStart", "binNanos", "sent", "rttP99Nanos");
        assertThat(WorkloadMetric.from(new CustomEvent(100, "w", EventKinds.WORKLOAD_METRIC, m.toFields())))
            .isEqualTo(m);
        assertThat(WorkloadMetric.from(new CustomEvent(50, "w", EventKinds.WORKLOAD_METRIC, Map.of("x", 1))))
            .isEqualTo(new WorkloadMetric(null, 50, 0, Map.of("x", 1)));
    }

    @Test
    void readingAnotherKindIsAnError() {
        assertThatThrownBy(() -> UpdatePhase.from(new CustomEvent(0, "s", EventKinds.UPDATE_FINISHED, Map.of())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(EventKinds.UPDATE_PHASE);
    }
}
