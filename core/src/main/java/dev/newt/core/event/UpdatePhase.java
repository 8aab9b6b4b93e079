package dev.newt.core.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of an {@link EventKinds#UPDATE_PHASE} event, recorded when a phase of a live update
 * ends. The event's server is the update's servers joined by commas.
 *
 * @param updateId the update's id
 * @param phase    {@link #QUIESCE}, {@link #SHADOW}, {@link #TRANSFER}, {@link #PROBATION} or {@link #ROLLBACK}; null
 *                 when a log does not say
 * @param start    runtime clock at the phase's start
 * @param end      runtime clock at its end
 */
public record UpdatePhase(String updateId, String phase, long start, long end) {
    /** From the request to every server held. */
    public static final String QUIESCE = "quiesce";
    /**
     * The new versions running in shadows beside the live ones, from their snapshot to the request
     * to hold (within {@link #QUIESCE}); only when the plan warms them up.
     */
    public static final String SHADOW = "shadow";
    /** From every server held to every new version serving. */
    public static final String TRANSFER = "transfer";
    /** The window in which a failing new version is rolled back. */
    public static final String PROBATION = "probation";
    /** Restoring the old versions. */
    public static final String ROLLBACK = "rollback";

    /** @return the event's fields: updateId, phase, start, end */
    public Map<String, Object> toFields() {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("updateId", updateId);
        f.put("phase", phase);
        f.put("start", start);
        f.put("end", end);
        return f;
    }

    /**
     * Reads the fields; a missing start or end is the event's time.
     *
     * @param e an {@code update-phase} event
     * @return its fields
     * @throws IllegalArgumentException if it is another kind
     */
    public static UpdatePhase from(final CustomEvent e) {
        final Map<String, Object> f = CustomFields.require(e, EventKinds.UPDATE_PHASE).fields();
        return new UpdatePhase(CustomFields.text(f, "updateId"), CustomFields.text(f, "phase"),
            CustomFields.number(f, "start", e.time()), CustomFields.number(f, "end", e.time()));
    }
}
