package dev.newt.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.HashMap;
import java.util.Map;

/**
 * The kinds of {@link CustomEvent} that Newt's own components write: the one place their names
 * are spelled. Emitters and readers (outcome rules, reports, tests) refer to these constants, so a
 * kind cannot drift between the module that writes it and the one that reads it. The names are
 * part of the results format ({@code docs/RESULTS.md}): renaming one makes old event logs unreadable.
 */
public final class EventKinds {
    /** A fault was armed at the start of a run (fault injector). */
    public static final String FAULT_ARMED = "fault-armed";
    /** A fault changed what one call did: {@link FaultActivated}. */
    public static final String FAULT_ACTIVATED = "fault-activated";
    /** A fault stopped acting: {@link FaultDisarmed}. */
    public static final String FAULT_DISARMED = "fault-disarmed";
    /** A fault that never activated, recorded at the end of a run. */
    public static final String FAULT_NOT_ACTIVATED = "fault-not-activated";
    /** The fault agent could not weave a class. */
    public static final String FAULT_WEAVING_FAILED = "fault-weaving-failed";

    /** One phase of a live update ended: {@link UpdatePhase}. */
    public static final String UPDATE_PHASE = "update-phase";
    /** A live update ended: committed, rolled back or aborted, with its figures. */
    public static final String UPDATE_FINISHED = "update-finished";
    /**
     * A live update's shadow ended before the switch because the new version's outputs differed
     * from the live version's ({@code updateId}, {@code server}, {@code handled}: messages the
     * shadow handled, {@code message}: the first differing message and what differed) or because
     * it failed on a message the live version handled ({@code failed} instead of {@code message}).
     */
    public static final String UPDATE_DIVERGED = "update-diverged";
    /** An incarnation of the tcp-v2 test image was started by a live update. */
    public static final String TCP_UPDATED = "tcp-updated";

    /**
     * A run's schedule of faults and live updates, the first event of its log (fields: the schedule
     * as data, {@code seed}, {@code faults}, {@code updates}, {@code recovery}; docs/RESULTS.md), so
     * that the log alone replays it. Server {@code campaign}.
     */
    public static final String SCHEDULE = "schedule";
    /**
     * An invariant checked during the run was broken and stopped it (fields {@code invariant},
     * {@code outcome}, {@code detail} and the breaking event's {@code eventTime}, {@code eventServer},
     * {@code eventType}); the event's server is the breaking event's.
     */
    public static final String INVARIANT_VIOLATED = "invariant-violated";

    /** One time bin of a workload's figures: {@link WorkloadMetric}. */
    public static final String WORKLOAD_METRIC = "workload-metric";
    /** A workload finished, with its final accounting. */
    public static final String WORKLOAD_SUMMARY = "workload-summary";

    /**
     * A request between servers got no answer within its deadline; its requester got a
     * {@code RequestTimedOut} reply (fields {@code to}, {@code correlationId}, {@code request}: the
     * payload's class, {@code deadlineNanos}). The event's server is the requester.
     */
    public static final String REQUEST_TIMED_OUT = "request-timed-out";

    /**
     * A packet filter blocked its 1st, 10th, 100th, ... packet of a direction (fields
     * {@code direction}, {@code blocked}: the count so far, {@code packet}: the last one blocked).
     */
    public static final String PF_BLOCKED = "pf-blocked";

    /** An inner server of a composite threw, naming it (the crash names the composite). */
    public static final String COMPOSITE_INNER_CRASHED = "composite-inner-crashed";
    /** A message addressed to a composite's own name, which no inner server gets. */
    public static final String COMPOSITE_UNADDRESSED = "composite-unaddressed";
    /** Orphaned requests of an unknown inner requester, dropped by a composite. */
    public static final String COMPOSITE_ORPHANS_DROPPED = "composite-orphans-dropped";

    /**
     * A running server's recovery policy was changed ({@link dev.newt.core.runtime.NewtRuntime#changeRecovery}):
     * fields {@code from} and {@code to}, the policies' labels.
     */
    public static final String RECOVERY_CHANGED = "recovery-changed";

    /** The JSON type names of the typed events, read from {@link Event}'s own Jackson annotation. */
    private static final Map<Class<?>, String> TYPE_NAMES = new HashMap<>();

    static {
        for (JsonSubTypes.Type t : Event.class.getAnnotation(JsonSubTypes.class).value()) {
            TYPE_NAMES.put(t.value(), t.name());
        }
    }

    private EventKinds() {
    }

    /**
     * @param event an event
     * @return its kind: a custom event's own, else the type name it is written with
     *         ({@code server-crashed}, {@code hang-detected}, ...)
     */
    public static String of(final Event event) {
        if (event instanceof CustomEvent c) {
            return c.kind();
        }
        return TYPE_NAMES.getOrDefault(event.getClass(), event.getClass().getSimpleName());
    }
}
