package dev.newt.core.event;

import java.util.Map;

/** Lenient reads of a custom event's fields: event logs of older versions may lack some. */
final class CustomFields {
    private CustomFields() {
    }

    static CustomEvent require(final CustomEvent e, final String kind) {
        if (!e.kind().equals(kind)) {
            throw new IllegalArgumentException("not a " + kind + " event: " + e.kind());
        }
        return e;
    }

    static long number(final Map<String, Object> f, final String name, final long otherwise) {
        return f.get(name) instanceof Number n ? n.longValue() : otherwise;
    }

    static String text(final Map<String, Object> f, final String name) {
        final Object v = f.get(name);
        return v == null ? null : String.valueOf(v);
    }
}
