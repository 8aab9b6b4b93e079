package dev.newt.core.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a {@link EventKinds#FAULT_ACTIVATED} event: a fault changed what one call of a
 * woven method did. The event's server is the server whose handler made the call.
 *
 * @param fault  the fault's id
 * @param type   the fault type's label, such as {@code crash}
 * @param site   the site that fired, as {@code Class.method(descriptor)}
 * @param call   which call of the site it was (per incarnation for persistent faults)
 * @param epoch  the calling incarnation's epoch, or null outside a handler
 * @param effect what the fault changed, in the order the effect reported it (such as {@code field},
 *               {@code old}, {@code new}); its names never repeat the fields above
 */
public record FaultActivated(String fault, String type, String site, long call, Long epoch,
                             Map<String, Object> effect) {
    private static final Set<String> NAMED = Set.of("fault", "type", "site", "call", "epoch");

    /** Copies the effect, keeping its order (values may be null). */
    public FaultActivated {
        effect = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(effect == null ? Map.of() : effect));
    }

    /** @return the event's fields: fault, type, site, call, epoch (when known), then the effect */
    public Map<String, Object> toFields() {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("fault", fault);
        f.put("type", type);
        f.put("site", site);
        f.put("call", call);
        if (epoch != null) {
            f.put("epoch", epoch);
        }
        f.putAll(effect);
        return f;
    }

    /**
     * @param e a {@code fault-activated} event
     * @return its fields
     * @throws IllegalArgumentException if it is another kind
     */
    public static FaultActivated from(final CustomEvent e) {
        final Map<String, Object> f = CustomFields.require(e, EventKinds.FAULT_ACTIVATED).fields();
        final Map<String, Object> effect = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!NAMED.contains(k)) {
                effect.put(k, v);
            }
        });
        final Long epoch = f.get("epoch") instanceof Number n ? n.longValue() : null;
        return new FaultActivated(CustomFields.text(f, "fault"), CustomFields.text(f, "type"),
            CustomFields.text(f, "site"), CustomFields.number(f, "call", 0), epoch, effect);
    }
}
