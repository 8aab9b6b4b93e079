package dev.newt.campaign.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.event.ServerStarted;
import dev.newt.results.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invariants on crafted event streams: each stops at the first event that breaks it, and only then. */
class InvariantsTest {
    private static Violation feed(final Invariants inv, final List<Event> events) {
        for (Event e : events) {
            inv.accept(e);
        }
        return inv.first();
    }

    private static CustomEvent custom(final long t, final String server, final String kind, final Object... kv) {
        final Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            f.put((String) kv[i], kv[i + 1]);
        }
        return new CustomEvent(t, server, kind, f);
    }

    /** A clean run: starts, a crash and restart, a committed and a rolled-back update, intact workloads. */
    private static List<Event> clean() {
        final List<Event> e = new ArrayList<>();
        e.add(new ServerStarted(0, "b.tcp", 1, "FIRST_START"));
        e.add(new ServerStarted(0, "b.pf", 1, "FIRST_START"));
        e.add(custom(10, "b.app.bulk-receiver", EventKinds.WORKLOAD_METRIC, "totalBytes", 1000L, "corrupted", 0L));
        e.add(new ServerRestarted(20, "b.pf", 1, 2, "checkpoint", 5, 0, 1));
        e.add(custom(30, "b.tcp", EventKinds.UPDATE_PHASE, "updateId", "u1", "phase", "quiesce"));
        e.add(custom(31, "b.tcp", EventKinds.UPDATE_PHASE, "updateId", "u1", "phase", "transfer"));
        e.add(custom(32, "b.tcp", EventKinds.UPDATE_FINISHED, "updateId", "u1", "result", "committed"));
        e.add(custom(40, "a.tcp", EventKinds.UPDATE_PHASE, "updateId", "u2", "phase", "rollback"));
        e.add(custom(41, "a.tcp", EventKinds.UPDATE_FINISHED, "updateId", "u2", "result", "rolled-back"));
        e.add(custom(50, "b.app.bulk-receiver", EventKinds.WORKLOAD_METRIC, "totalBytes", 5000L, "corrupted", 0L));
        e.add(custom(60, "a.app.echo-client", EventKinds.WORKLOAD_SUMMARY, "duplicated", 0L, "corrupted", 0L));
        e.add(custom(61, "b.app.bulk-receiver", EventKinds.WORKLOAD_SUMMARY, "bytesExpected", 5000L,
            "bytesReceived", 5000L, "bytesCorrupted", 0L, "firstBadOffset", -1L, "eof", true));
        return e;
    }

    @Test
    void aCleanRunBreaksNothing() {
        final Invariants inv = Invariants.standard(false);
        assertThat(feed(inv, clean())).isNull();
        assertThat(inv.violated()).isFalse();
        assertThat(inv.names()).containsExactly("epoch-order", "update-completion", "stream-integrity",
            "answered-once");
    }

    /** Inserts {@code bad} after the clean run's event {@code at}, then the rest, and expects a stop at {@code bad}. */
    private static Violation broken(final int at, final Event bad) {
        final List<Event> events = new ArrayList<>(clean());
        events.add(at, bad);
        final Invariants inv = Invariants.standard(false);
        final Violation v = feed(inv, events);
        assertThat(v).as("violation").isNotNull();
        assertThat(v.event()).isSameAs(bad);
        return v;
    }

    @Test
    void anEpochThatGoesBackStopsTheRunAtThatEvent() {
        final Violation v = broken(4, new ServerRestarted(25, "b.pf", 2, 1, "fresh", 1, 0, 0));
        assertThat(v.invariant()).isEqualTo("epoch-order");
        assertThat(v.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(v.describe()).contains("b.pf").contains("below the dead incarnation's 2");
        final Violation w = broken(4, new ServerStarted(25, "b.pf", 1, "FIRST_START"));
        assertThat(w.detail()).contains("epoch went back from 2 to 1");
    }

    @Test
    void anUpdateCommittedWithoutItsTransferOrWithAPhaseAfterItEndsIsHalfAnUpdate() {
        final Violation v = broken(9, custom(42, "a.tcp", EventKinds.UPDATE_FINISHED, "updateId", "u3", "result",
            "committed"));
        assertThat(v.invariant()).isEqualTo("update-completion");
        assertThat(v.detail()).contains("u3").contains("half an update");
        final Violation w = broken(7, custom(33, "b.tcp", EventKinds.UPDATE_PHASE, "updateId", "u1", "phase",
            "probation"));
        assertThat(w.detail()).contains("probation phase after it finished");
        final Violation x = broken(9, custom(43, "a.tcp", EventKinds.UPDATE_FINISHED, "updateId", "u4", "result",
            "switching"));
        assertThat(x.detail()).contains("neither committed nor rolled back");
    }

    @Test
    void aWrongByteOrBytesTakenBackOrAShortCleanEndIsCorruption() {
        final Violation v = broken(3, custom(15, "b.app.bulk-receiver", EventKinds.WORKLOAD_METRIC, "totalBytes",
            2000L, "corrupted", 3L));
        assertThat(v.invariant()).isEqualTo("stream-integrity");
        assertThat(v.outcome()).isEqualTo(Outcome.CORRUPTED);
        assertThat(v.detail()).contains("corrupted 3");
        final Violation w = broken(10, custom(55, "b.app.bulk-receiver", EventKinds.WORKLOAD_METRIC, "totalBytes",
            4000L, "corrupted", 0L));
        assertThat(w.detail()).contains("went back from 5000 to 4000");
        final Violation x = broken(11, custom(58, "b.app.bulk-receiver", EventKinds.WORKLOAD_SUMMARY,
            "bytesExpected", 5000L, "bytesReceived", 4096L, "eof", true, "errorCount", 0L));
        assertThat(x.detail()).contains("ended cleanly after 4096 of 5000 bytes");
    }

    @Test
    void anAnswerThatComesTwiceBreaksAnsweredOnceUnlessDuplicatesAreLegitimate() {
        final CustomEvent twice = custom(59, "a.app.echo-client", EventKinds.WORKLOAD_SUMMARY, "duplicated", 1L,
            "corrupted", 0L);
        assertThat(broken(10, twice).invariant()).isEqualTo("answered-once");
        final List<Event> events = new ArrayList<>(clean());
        events.add(10, twice);
        assertThat(feed(Invariants.standard(true), events)).isNull();
    }

    @Test
    void onlyTheFirstViolationIsKept() {
        final List<Event> events = new ArrayList<>(clean());
        final Event first = new ServerRestarted(25, "b.pf", 2, 1, "fresh", 1, 0, 0);
        events.add(4, first);
        events.add(6, custom(26, "b.app.bulk-receiver", EventKinds.WORKLOAD_METRIC, "corrupted", 9L));
        final Invariants inv = Invariants.standard(false);
        assertThat(feed(inv, events).event()).isSameAs(first);
    }
}
