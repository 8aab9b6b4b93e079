package dev.newt.faults;

import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import java.util.Objects;

/**
 * Which events open or close a trigger's gate: a kind as the event log writes it ({@code restarted},
 * {@code crashed}, or a custom kind such as {@code update-started}) and optionally a server.
 *
 * @param kind   the event kind
 * @param server the server it must concern, or {@code null} for any
 */
public record EventMatch(String kind, String server) {

    /** Requires a kind. */
    public EventMatch {
        Objects.requireNonNull(kind, "kind");
    }

    /** @param event an event @return whether it matches */
    public boolean matches(final Event event) {
        return kind.equals(kindOf(event)) && (server == null || server.equals(event.server()));
    }

    /** @param event an event @return its kind: a custom event's own, else its JSON type name */
    public static String kindOf(final Event event) {
        return EventKinds.of(event);
    }

    @Override
    public String toString() {
        return server == null ? kind : kind + "@" + server;
    }
}
