package dev.newt.faults;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.newt.core.event.Event;
import java.util.HashMap;
import java.util.Map;

/** The JSON type names of core events, read from {@link Event}'s own Jackson annotation. */
final class EventKinds {
    private static final Map<Class<?>, String> NAMES = new HashMap<>();

    static {
        for (JsonSubTypes.Type t : Event.class.getAnnotation(JsonSubTypes.class).value()) {
            NAMES.put(t.value(), t.name());
        }
    }

    private EventKinds() {
    }

    static String nameOf(final Class<?> type) {
        return NAMES.getOrDefault(type, type.getSimpleName());
    }
}
