package dev.newt.faults;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When an armed fault activates. A trigger counts the calls of its site's methods while its window
 * is open: between {@code from} and {@code to} on the runtime clock, after an {@code after} event
 * and before an {@code until} event (each optional). Of those calls it activates the nth, every
 * nth, each with a seeded probability, or every one.
 *
 * <p>A fault that is not persistent disarms after its first activation. A persistent one stays
 * armed and starts counting again in every new incarnation of the server, so "crash at the 2nd
 * call, persistent" crashes every incarnation at its 2nd call: a restart loop.
 *
 * @param kind        which calls activate
 * @param n           the n of {@link Kind#NTH} and {@link Kind#EVERY}
 * @param probability the probability of {@link Kind#PROBABILITY}
 * @param from        window start on the runtime clock, or {@code null}
 * @param to          window end (exclusive), or {@code null}
 * @param after       the event that opens the window, or {@code null}
 * @param until       the event that closes it for good, or {@code null}
 * @param persistent  whether the fault stays armed after activating
 */
public record Trigger(Kind kind, long n, double probability, Duration from, Duration to, EventMatch after,
                      EventMatch until, boolean persistent) {

    /** Which counted calls activate. */
    public enum Kind {
        /** Exactly the nth. */
        NTH,
        /** The nth, 2nth, 3nth... */
        EVERY,
        /** Each with a probability, drawn from a random source seeded by the plan and the fault. */
        PROBABILITY,
        /** Every one. */
        ALWAYS
    }

    /** @param n from 1 @return a trigger that activates at the nth counted call */
    public static Trigger nth(final long n) {
        return new Trigger(Kind.NTH, n, 0, null, null, null, null, false);
    }

    /** @param n from 1 @return a trigger that activates at every nth counted call */
    public static Trigger every(final long n) {
        return new Trigger(Kind.EVERY, n, 0, null, null, null, null, false);
    }

    /** @param p in (0, 1] @return a trigger that activates each counted call with probability p */
    public static Trigger probability(final double p) {
        return new Trigger(Kind.PROBABILITY, 0, p, null, null, null, null, false);
    }

    /** @return a trigger that activates at every counted call */
    public static Trigger always() {
        return new Trigger(Kind.ALWAYS, 0, 0, null, null, null, null, false);
    }

    /** @return this trigger, persistent: it stays armed and counts afresh in every incarnation */
    public Trigger persistently() {
        return new Trigger(kind, n, probability, from, to, after, until, true);
    }

    /**
     * @param start window start on the runtime clock, or {@code null}
     * @param end   window end, exclusive, or {@code null}
     * @return this trigger, counting only calls within the window
     */
    public Trigger between(final Duration start, final Duration end) {
        return new Trigger(kind, n, probability, start, end, after, until, persistent);
    }

    /** @param event opens the window when recorded @return a new trigger */
    public Trigger after(final EventMatch event) {
        return new Trigger(kind, n, probability, from, to, event, until, persistent);
    }

    /** @param eventKind opens the window when an event of this kind is recorded @return a new trigger */
    public Trigger after(final String eventKind) {
        return after(new EventMatch(eventKind, null));
    }

    /** @param event closes the window for good when recorded @return a new trigger */
    public Trigger until(final EventMatch event) {
        return new Trigger(kind, n, probability, from, to, after, event, persistent);
    }

    /** @param eventKind closes the window for good when an event of this kind is recorded @return a new trigger */
    public Trigger until(final String eventKind) {
        return until(new EventMatch(eventKind, null));
    }

    void validate(final String faultId) {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.NTH || kind == Kind.EVERY) && n < 1) {
            throw FaultSpecException.of(faultId, "trigger " + label() + " must be >= 1, was " + n);
        }
        if (kind == Kind.PROBABILITY && !(probability > 0 && probability <= 1)) {
            throw FaultSpecException.of(faultId, "trigger probability must be in (0, 1], was " + probability);
        }
        if (from != null && to != null && to.compareTo(from) <= 0) {
            throw FaultSpecException.of(faultId, "trigger window ends (" + to + ") before it starts (" + from + ")");
        }
    }

    private String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return a description for events: for example {@code nth=3, persistent} */
    public String describe() {
        final StringBuilder sb = new StringBuilder();
        switch (kind) {
            case NTH -> sb.append("nth=").append(n);
            case EVERY -> sb.append("every=").append(n);
            case PROBABILITY -> sb.append("probability=").append(probability);
            default -> sb.append("always");
        }
        if (from != null) {
            sb.append(", from=").append(from);
        }
        if (to != null) {
            sb.append(", to=").append(to);
        }
        if (after != null) {
            sb.append(", after=").append(after);
        }
        if (until != null) {
            sb.append(", until=").append(until);
        }
        return sb.append(persistent ? ", persistent" : ", once").toString();
    }

    /**
     * @return the trigger's fields as {@link #fromMap} reads them (durations in ISO-8601), so that a
     *         trigger can travel to another process
     */
    public Map<String, Object> toMap() {
        final Map<String, Object> m = new LinkedHashMap<>();
        switch (kind) {
            case NTH -> m.put("nth", n);
            case EVERY -> m.put("every", n);
            case PROBABILITY -> m.put("probability", probability);
            default -> m.put("always", true);
        }
        if (from != null) {
            m.put("from", from.toString());
        }
        if (to != null) {
            m.put("to", to.toString());
        }
        if (after != null) {
            m.put("after", event(after));
        }
        if (until != null) {
            m.put("until", event(until));
        }
        if (persistent) {
            m.put("persistent", true);
        }
        return m;
    }

    private static Map<String, Object> event(final EventMatch e) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind());
        if (e.server() != null) {
            m.put("server", e.server());
        }
        return m;
    }

    private static final List<String> KEYS = List.of("nth", "every", "probability", "always", "from", "to",
        "after", "until", "persistent");

    /**
     * Reads a trigger from plan data: exactly one of {@code nth}, {@code every}, {@code probability},
     * {@code always: true}; optionally {@code from}, {@code to} (durations), {@code after},
     * {@code until} (an event kind, or a map with {@code kind} and {@code server}) and
     * {@code persistent} (a boolean).
     *
     * @param faultId the fault, for errors
     * @param data    the trigger's fields
     * @return the trigger
     * @throws FaultSpecException naming the fault and the field
     */
    static Trigger fromMap(final String faultId, final Map<String, ?> data) {
        for (String k : data.keySet()) {
            if (!KEYS.contains(k)) {
                throw FaultSpecException.of(faultId, "unknown field 'trigger." + k + "'; a trigger takes: "
                    + String.join(", ", KEYS));
            }
        }
        final Map<String, Object> kinds = new LinkedHashMap<>();
        for (String k : List.of("nth", "every", "probability", "always")) {
            if (data.containsKey(k)) {
                kinds.put(k, data.get(k));
            }
        }
        if (kinds.size() != 1) {
            throw FaultSpecException.of(faultId, kinds.isEmpty()
                ? "missing field 'trigger.nth', 'trigger.every', 'trigger.probability' or 'trigger.always'"
                : "trigger has more than one of " + kinds.keySet());
        }
        final Map.Entry<String, Object> k = kinds.entrySet().iterator().next();
        Trigger t = switch (k.getKey()) {
            case "nth" -> nth(positive(faultId, "trigger.nth", k.getValue()));
            case "every" -> every(positive(faultId, "trigger.every", k.getValue()));
            case "probability" -> {
                if (!(k.getValue() instanceof Number p)) {
                    throw Param.mismatch(faultId, "trigger.probability", k.getValue(), "a number in (0, 1]");
                }
                yield probability(p.doubleValue());
            }
            default -> {
                if (!Boolean.TRUE.equals(k.getValue())) {
                    throw Param.mismatch(faultId, "trigger.always", k.getValue(), "true");
                }
                yield always();
            }
        };
        t = t.between(data.containsKey("from") ? Param.durationOf(faultId, "trigger.from", data.get("from")) : null,
            data.containsKey("to") ? Param.durationOf(faultId, "trigger.to", data.get("to")) : null);
        if (data.containsKey("after")) {
            t = t.after(eventOf(faultId, "trigger.after", data.get("after")));
        }
        if (data.containsKey("until")) {
            t = t.until(eventOf(faultId, "trigger.until", data.get("until")));
        }
        if (data.containsKey("persistent")) {
            if (!(data.get("persistent") instanceof Boolean b)) {
                throw Param.mismatch(faultId, "trigger.persistent", data.get("persistent"), "true or false");
            }
            if (b) {
                t = t.persistently();
            }
        }
        t.validate(faultId);
        return t;
    }

    private static long positive(final String faultId, final String field, final Object v) {
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 1) {
            return ((Number) v).longValue();
        }
        throw Param.mismatch(faultId, field, v, "an integer >= 1");
    }

    private static EventMatch eventOf(final String faultId, final String field, final Object v) {
        if (v instanceof String s && !s.isBlank()) {
            return new EventMatch(s, null);
        }
        if (v instanceof Map<?, ?> m && m.get("kind") instanceof String kind) {
            final Object server = m.get("server");
            if (server != null && !(server instanceof String)) {
                throw Param.mismatch(faultId, field + ".server", server, "a server name");
            }
            return new EventMatch(kind, (String) server);
        }
        throw Param.mismatch(faultId, field, v, "an event kind or {kind, server}");
    }
}
