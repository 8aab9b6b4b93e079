package dev.newt.core.message;

import java.util.Objects;

/**
 * One message in flight between two endpoints: an immutable header around an immutable payload.
 *
 * <p>The payload must not be mutated by anyone once sent; servers exchange records or read-only
 * views. {@code fromEpoch} names the incarnation that sent it, so that a receiver and the
 * runtime can tell a message of a dead incarnation from a live one.
 *
 * <p>A value class with the accessors, equality and text of a record of its seven header fields.
 * It is not a record because a request also carries the runtime's bookkeeping for it (see
 * {@link #ticket()}), which is not part of the message: equality, hash and text ignore it, and a
 * copy made with the seven-argument constructor does not carry it.
 */
public final class Envelope {

    /** Whether an envelope is a one-way message, a request, a reply, a timer or a runtime notice. */
    public enum Kind { MESSAGE, REQUEST, REPLY, TIMER, NOTICE }

    private final Kind kind;
    private final String from;
    private final long fromEpoch;
    private final String to;
    private final long correlationId;
    private final Object payload;
    private final long sentAt;
    private final Object ticket;

    /**
     * Validates the header: every field but the correlation id is required.
     *
     * @param kind          what the message is for
     * @param from          name of the sending endpoint
     * @param fromEpoch     incarnation of the sender when it sent the message
     * @param to            name of the receiving endpoint
     * @param correlationId id that pairs a request with its reply; 0 for other kinds
     * @param payload       the message body, never {@code null}
     * @param sentAt        runtime clock reading when it was sent, in nanoseconds
     */
    public Envelope(final Kind kind, final String from, final long fromEpoch, final String to,
                    final long correlationId, final Object payload, final long sentAt) {
        this(kind, from, fromEpoch, to, correlationId, payload, sentAt, null);
    }

    /**
     * For the runtime only: a request with its entry in the requester's pending table, so that the
     * receiver marks it taken and answered on the object instead of looking it up across cores.
     *
     * @param ticket the runtime's bookkeeping for the request, or null
     */
    public Envelope(final Kind kind, final String from, final long fromEpoch, final String to,
                    final long correlationId, final Object payload, final long sentAt, final Object ticket) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.from = Objects.requireNonNull(from, "from");
        this.fromEpoch = fromEpoch;
        this.to = Objects.requireNonNull(to, "to");
        this.correlationId = correlationId;
        this.payload = Objects.requireNonNull(payload, "payload");
        this.sentAt = sentAt;
        this.ticket = ticket;
    }

    /** @return what the message is for */
    public Kind kind() {
        return kind;
    }

    /** @return name of the sending endpoint */
    public String from() {
        return from;
    }

    /** @return incarnation of the sender when it sent the message */
    public long fromEpoch() {
        return fromEpoch;
    }

    /** @return name of the receiving endpoint */
    public String to() {
        return to;
    }

    /** @return id that pairs a request with its reply; 0 for other kinds */
    public long correlationId() {
        return correlationId;
    }

    /** @return the message body, never {@code null} */
    public Object payload() {
        return payload;
    }

    /** @return runtime clock reading when it was sent, in nanoseconds */
    public long sentAt() {
        return sentAt;
    }

    /** @return the runtime's bookkeeping for a request, or null; not part of the message, for the runtime only */
    public Object ticket() {
        return ticket;
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
    public boolean equals(final Object o) {
        return o == this || o instanceof Envelope e && kind == e.kind && fromEpoch == e.fromEpoch
            && correlationId == e.correlationId && sentAt == e.sentAt && from.equals(e.from) && to.equals(e.to)
            && payload.equals(e.payload);
    }

    @Override
    public int hashCode() {
        int h = kind.hashCode();
        h = 31 * h + from.hashCode();
        h = 31 * h + Long.hashCode(fromEpoch);
        h = 31 * h + to.hashCode();
        h = 31 * h + Long.hashCode(correlationId);
        h = 31 * h + payload.hashCode();
        return 31 * h + Long.hashCode(sentAt);
    }

    @Override
    public String toString() {
        return kind + " " + from + "#" + fromEpoch + " -> " + to
            + (correlationId != 0 ? " [" + correlationId + "]" : "") + ": " + payload;
    }
}
