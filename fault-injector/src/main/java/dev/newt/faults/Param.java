package dev.newt.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One parameter of a fault type: its name, the kind of value it takes and its default. Values come
 * from Java code or from a plan file, so they are checked and converted here with errors that
 * name the fault and the field.
 *
 * @param name         the field name in a fault spec
 * @param kind         what values it takes
 * @param choices      the allowed values of a {@link Kind#CHOICE}, else empty
 * @param defaultValue the value when absent, or {@code null} when the parameter is required or optional
 * @param required     whether a spec must give it
 */
record Param(String name, Kind kind, List<String> choices, Object defaultValue, boolean required) {

    /** Kinds of parameter values. */
    enum Kind { STRING, INT, DURATION, CHOICE, CLASS_NAME }

    static Param optional(final String name, final Kind kind, final Object defaultValue) {
        return new Param(name, kind, List.of(), defaultValue, false);
    }

    static Param required(final String name, final Kind kind) {
        return new Param(name, kind, List.of(), null, true);
    }

    static Param choice(final String name, final String defaultValue, final String... choices) {
        return new Param(name, Kind.CHOICE, List.of(choices), defaultValue, false);
    }

    /** @return the value converted to this parameter's kind */
    Object convert(final String faultId, final Object value) {
        switch (kind) {
            case STRING, CLASS_NAME -> {
                if (value instanceof Class<?> c && kind == Kind.CLASS_NAME) {
                    return c.getName();
                }
                if (value instanceof String s && !s.isBlank()) {
                    return s;
                }
                throw mismatch(faultId, value, "a non-empty string");
            }
            case INT -> {
                if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                    final long v = ((Number) value).longValue();
                    if (v >= 0 && v <= Integer.MAX_VALUE) {
                        return (int) v;
                    }
                }
                throw mismatch(faultId, value, "an integer from 0 to " + Integer.MAX_VALUE);
            }
            case DURATION -> {
                return durationOf(faultId, name, value);
            }
            case CHOICE -> {
                if (value instanceof String s && choices.contains(s)) {
                    return s;
                }
                throw mismatch(faultId, value, "one of " + String.join(", ", choices));
            }
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    private FaultSpecException mismatch(final String faultId, final Object value, final String wanted) {
        return mismatch(faultId, name, value, wanted);
    }

    static FaultSpecException mismatch(final String faultId, final String field, final Object value,
                                       final String wanted) {
        final String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        final String type = value == null ? "" : " (" + value.getClass().getSimpleName() + ")";
        return FaultSpecException.of(faultId, "field '" + field + "' must be " + wanted + ", was " + shown + type);
    }

    /**
     * A duration: a {@link Duration}, or a string such as {@code 250us}, {@code 10ms}, {@code 2s},
     * {@code 1m} (units ns, us, ms, s, m) or ISO-8601 ({@code PT0.5S}).
     */
    static Duration durationOf(final String faultId, final String field, final Object value) {
        if (value instanceof Duration d && !d.isNegative()) {
            return d;
        }
        if (value instanceof String s) {
            final String t = s.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.startsWith("pt")) {
                    final Duration d = Duration.parse(s.trim());
                    if (!d.isNegative()) {
                        return d;
                    }
                } else {
                    final int unitAt = firstNonDigit(t);
                    final long n = Long.parseLong(t.substring(0, unitAt));
                    switch (t.substring(unitAt)) {
                        case "ns":
                            return Duration.ofNanos(n);
                        case "us":
                            return Duration.ofNanos(Math.multiplyExact(n, 1_000L));
                        case "ms":
                            return Duration.ofMillis(n);
                        case "s":
                            return Duration.ofSeconds(n);
                        case "m":
                            return Duration.ofMinutes(n);
                        default:
                            break;
                    }
                }
            } catch (RuntimeException e) {
                // Falls through to the error below, which says what a duration looks like.
            }
        }
        throw mismatch(faultId, field, value, "a duration such as 10ms, 250us, 2s or PT0.5S");
    }

    private static int firstNonDigit(final String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("no number");
        }
        return i;
    }
}
