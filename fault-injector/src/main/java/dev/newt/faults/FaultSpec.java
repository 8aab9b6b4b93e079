package dev.newt.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One fault of a plan: where it goes, what it does, when it activates. Validated when built, with
 * errors that name the fault and the field; whether its site matches anything is checked when it
 * is woven into an image.
 *
 * @param id      unique name in the plan, used in events
 * @param site    the methods it is woven into
 * @param type    what it does
 * @param trigger when it activates
 * @param params  the type's parameters, checked, converted and with defaults filled in
 */
public record FaultSpec(String id, SiteSpec site, FaultType type, Trigger trigger, Map<String, Object> params) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
    private static final List<String> COMMON = List.of("id", "server", "class", "method", "descriptor", "type",
        "trigger");

    /** Validates every field and freezes the parameters. */
    public FaultSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new FaultSpecException("invalid fault id '" + id
                + "': use letters, digits, '.', '_', ':' and '-', starting with a letter or digit");
        }
        if (site == null) {
            throw FaultSpecException.of(id, "missing field 'server'");
        }
        site.validate(id);
        if (type == null) {
            throw FaultSpecException.of(id, "missing field 'type'; known: " + FaultType.labels());
        }
        if (trigger == null) {
            throw FaultSpecException.of(id, "missing field 'trigger'");
        }
        trigger.validate(id);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
            type.validate(id, params == null ? Map.of() : params)));
    }

    /** @param id the fault's unique name @return a builder */
    public static Builder builder(final String id) {
        return new Builder(id);
    }

    /**
     * Reads a fault from plan data (a YAML or JSON object): {@code id}, {@code server},
     * {@code class}, {@code method}, optional {@code descriptor}, {@code type}, {@code trigger}
     * (see {@link Trigger}) and the type's own fields (see {@link FaultType}).
     *
     * @param data the fault's fields
     * @return the fault
     * @throws FaultSpecException naming the fault and the field
     */
    public static FaultSpec fromMap(final Map<String, ?> data) {
        final Object rawId = data.get("id");
        if (!(rawId instanceof String id)) {
            throw new FaultSpecException(rawId == null ? "a fault has no field 'id': " + data
                : "fault id must be a string, was " + rawId);
        }
        final Builder b = builder(id);
        final String server = string(id, data, "server");
        final String cls = string(id, data, "class");
        final String method = string(id, data, "method");
        final String descriptor = data.containsKey("descriptor") ? string(id, data, "descriptor") : null;
        b.site(new SiteSpec(server, cls, method, descriptor));
        b.type(string(id, data, "type"));
        final Object trigger = data.get("trigger");
        if (trigger == null) {
            throw FaultSpecException.of(id, "missing field 'trigger'");
        }
        if (!(trigger instanceof Map<?, ?> tm)) {
            throw Param.mismatch(id, "trigger", trigger, "an object such as {nth: 3}");
        }
        @SuppressWarnings("unchecked")
        final Map<String, ?> triggerData = (Map<String, ?>) tm;
        b.trigger(Trigger.fromMap(id, triggerData));
        for (Map.Entry<String, ?> e : data.entrySet()) {
            if (!COMMON.contains(e.getKey())) {
                b.param(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    private static String string(final String id, final Map<String, ?> data, final String field) {
        final Object v = data.get(field);
        if (v == null) {
            throw FaultSpecException.of(id, "missing field '" + field + "'");
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw Param.mismatch(id, field, v, "a non-empty string");
        }
        return s;
    }

    /**
     * @return the fault's fields as {@link #fromMap} reads them (durations in ISO-8601), so that a
     *         fault can travel to another process (a process-isolated server weaves its own)
     */
    public Map<String, Object> toMap() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("server", site.server());
        m.put("class", site.classPattern());
        m.put("method", site.methodPattern());
        if (site.descriptorPattern() != null) {
            m.put("descriptor", site.descriptorPattern());
        }
        m.put("type", type.label());
        m.put("trigger", trigger.toMap());
        params.forEach((k, v) -> m.put(k, v instanceof java.time.Duration d ? d.toString() : v));
        return m;
    }

    /** @param name a parameter @return its value, or {@code null} when absent */
    public Object param(final String name) {
        return params.get(name);
    }

    /** @return whether it is a message fault on what the method sends, not what it receives */
    public boolean onSentMessages() {
        return "send".equals(params.get("direction"));
    }

    /** @return the value of the choice parameter {@code at}: entry or exit */
    public boolean atExit() {
        return "exit".equals(params.get("at"));
    }

    @Override
    public String toString() {
        return id + " (" + type.label() + " at " + site + ", " + trigger.describe() + ")";
    }

    /** Builds a fault spec. */
    public static final class Builder {
        private final String id;
        private SiteSpec site;
        private String type;
        private Trigger trigger;
        private final Map<String, Object> params = new LinkedHashMap<>();

        private Builder(final String id) {
            this.id = id;
        }

        /** @param s where the fault goes @return this */
        public Builder site(final SiteSpec s) {
            this.site = s;
            return this;
        }

        /**
         * @param server        server name pattern
         * @param classPattern  class name pattern
         * @param methodPattern method name pattern
         * @return this
         */
        public Builder site(final String server, final String classPattern, final String methodPattern) {
            return site(SiteSpec.of(server, classPattern, methodPattern));
        }

        /** @param label a fault type's name, for example {@code crash} @return this */
        public Builder type(final String label) {
            this.type = label;
            return this;
        }

        /** @param t the fault type @return this */
        public Builder type(final FaultType t) {
            this.type = t.label();
            return this;
        }

        /** @param t when it activates @return this */
        public Builder trigger(final Trigger t) {
            this.trigger = t;
            return this;
        }

        /** @param name a parameter of the type @param value its value @return this */
        public Builder param(final String name, final Object value) {
            params.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** @return the spec @throws FaultSpecException naming the fault and the field */
        public FaultSpec build() {
            if (type == null) {
                throw FaultSpecException.of(id, "missing field 'type'; known: " + FaultType.labels());
            }
            return new FaultSpec(id, site, FaultType.fromLabel(type, id), trigger, params);
        }
    }
}
