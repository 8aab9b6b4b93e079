package dev.newt.core.message;

import java.util.Objects;

/**
 * One message in flight between two endpoints: an immutable header around an immutable payload.
 *
 * <p>The payload must not be mutated by anyone once sent; servers exchange records or read-only
 * views. {@code fromEpoch} names the incarnation that sent it, so that a receiver and the
 * runtime can tell a message of a dead incarnation from a live one.
 *
 * @param kind          what the message is for
 * @param from          name of the sending endpoint
 * @param fromEpoch     incarnation of the sender when it sent the message
 * @param to            name of the receiving endpoint
 * @param correlationId id that pairs a request with its reply; 0 for other kinds
 * @param payload       the message body, never {@code null}
 * @param sentAt        runtime clock reading when it was sent, in nanoseconds
 */
public record Envelope(Kind kind, String from, long fromEpoch, String to, long correlationId,
                       Object payload, long sentAt) {

    /** Whether an envelope is a one-way message, a request, a reply, a timer or a runtime notice. */
    public enum Kind { MESSAGE, REQUEST, REPLY, TIMER, NOTICE }

    /** Validates the header: every field but the correlation id is required. */
    public Envelope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(payload, "payload");
    }

    /** @return whether this is a request that expects a reply */
    public boolean isRequest() {
        return kind == Kind.REQUEST;
    }

    /** @return the payload cast to {@code type}, for handlers that already matched on it */
    public <T> T payload(final Class<T> type) {
        return type.cast(payload);
    }

    @Override
    public String toString() {
        return kind + " " + from + "#" + fromEpoch + " -> " + to
            + (correlationId != 0 ? " [" + correlationId + "]" : "") + ": " + payload;
    }
}
