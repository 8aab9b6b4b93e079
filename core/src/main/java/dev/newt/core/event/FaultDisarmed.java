package dev.newt.core.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of a {@link EventKinds#FAULT_DISARMED} event: a fault stopped acting. The event's
 * server is the server of the fault's site.
 *
 * @param fault       the fault's id
 * @param type        the fault type's label
 * @param reason      why: {@code fired once}, {@code disarmed} (asked to), {@code end of run}
 * @param activations how often it activated, given at the end of a run; null otherwise
 */
public record FaultDisarmed(String fault, String type, String reason, Integer activations) {

    /** @return the event's fields: fault, type, reason, and activations when given */
    public Map<String, Object> toFields() {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("fault", fault);
        f.put("type", type);
        f.put("reason", reason);
        if (activations != null) {
            f.put("activations", activations);
        }
        return f;
    }

    /**
     * @param e a {@code fault-disarmed} event
     * @return its fields
     * @throws IllegalArgumentException if it is another kind
     */
    public static FaultDisarmed from(final CustomEvent e) {
        final Map<String, Object> f = CustomFields.require(e, EventKinds.FAULT_DISARMED).fields();
        final Integer activations = f.get("activations") instanceof Number n ? n.intValue() : null;
        return new FaultDisarmed(CustomFields.text(f, "fault"), CustomFields.text(f, "type"),
            CustomFields.text(f, "reason"), activations);
    }
}
