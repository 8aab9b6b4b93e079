package dev.newt.core.runtime;

import dev.newt.core.server.PendingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An endpoint's unanswered requests. It belongs to the endpoint's slot, not to an incarnation,
 * so that a reply reaches a restarted requester; and each request records which incarnation of its
 * receiver took it from the mailbox, so that a restarted receiver's requesters learn exactly which
 * of their requests died with it.
 *
 * <p>The request's envelope carries its {@link Ticket} (see {@link #add}), so the receiver marks
 * it taken and answered on the ticket itself: no lookup in the requester's map, which the
 * requester's core has just written. The map is still the truth about which request is pending
 * under an id: a ticket is {@code live} exactly while the map holds it, and the receiver falls
 * back to the map for an envelope whose ticket is no longer live (a stale copy: another ticket may
 * hold the id since a resubmission) or that carries none (a copy made outside the runtime).
 */
final class PendingTable {
    private final ConcurrentHashMap<Long, Ticket> tickets = new ConcurrentHashMap<>();

    /**
     * A pending request, the epoch of the receiver that took it (0 while still queued), and whether
     * the receiver has sent its reply (which the requester may not have read yet).
     */
    static final class Ticket {
        final long correlationId;
        final String to;
        final Object payload;
        final long sentAt;
        volatile long takenByEpoch;
        volatile boolean answered;
        /** Whether the table holds this ticket: set before it is added, cleared as it is removed. */
        volatile boolean live;

        Ticket(final long correlationId, final String to, final Object payload, final long sentAt) {
            this.correlationId = correlationId;
            this.to = to;
            this.payload = payload;
            this.sentAt = sentAt;
        }

        PendingRequest request() {
            return new PendingRequest(correlationId, to, payload, sentAt);
        }
    }

    /** @return the ticket of a new pending request, to travel with its envelope */
    Ticket add(final long correlationId, final String to, final Object payload, final long sentAt) {
        final Ticket t = new Ticket(correlationId, to, payload, sentAt);
        t.live = true;
        final Ticket old = tickets.put(correlationId, t);
        if (old != null) {
            old.live = false;
        }
        return t;
    }

    /** @return the ticket of a request sent again, to travel with its envelope */
    Ticket add(final PendingRequest request) {
        return add(request.correlationId(), request.to(), request.payload(), request.sentAt());
    }

    /** @return the ticket answered by a reply with this id, removed; null when unknown */
    Ticket complete(final long correlationId) {
        final Ticket t = tickets.remove(correlationId);
        if (t != null) {
            t.live = false;
        }
        return t;
    }

    /** @return whether {@code carried} is a ticket the table holds: one to mark directly, without a lookup */
    static boolean live(final Object carried) {
        return carried instanceof Ticket t && t.live;
    }

    /**
     * A receiver takes a request from its mailbox.
     *
     * @return false when the request must not be served: no such request is pending (it was
     *         answered, or given up, already), or its reply has been sent and not yet read. The
     *         second is a resubmitted copy of a request that a restored receiver answered from its
     *         restored state before it took the copy: serving the copy would do the work twice.
     */
    boolean markTaken(final long correlationId, final long epoch) {
        return take(tickets.get(correlationId), epoch);
    }

    /** {@link #markTaken} on a ticket at hand (see {@link #live}); null is no pending request. */
    static boolean take(final Ticket t, final long epoch) {
        if (t == null || t.answered) {
            return false;
        }
        t.takenByEpoch = epoch;
        return true;
    }

    /**
     * Marks a request answered as its reply is sent: if the receiver dies before the requester has
     * read the reply, the request is not among the ones that died with it (which the requester
     * would resubmit, and the reply would then be dropped as orphaned: the work done twice).
     */
    void markAnswered(final long correlationId) {
        final Ticket t = tickets.get(correlationId);
        if (t != null) {
            t.answered = true;
        }
    }

    /**
     * Removes and returns the requests to {@code peer} that one of its incarnations older than
     * {@code newEpoch} took and never answered.
     */
    List<PendingRequest> takeOrphansOf(final String peer, final long newEpoch) {
        final List<PendingRequest> found = new ArrayList<>();
        for (Ticket t : tickets.values()) {
            final long taken = t.takenByEpoch;
            if (taken > 0 && taken < newEpoch && !t.answered && t.to.equals(peer)
                && tickets.remove(t.correlationId, t)) {
                t.live = false;
                found.add(t.request());
            }
        }
        found.sort((a, b) -> Long.compare(a.correlationId(), b.correlationId()));
        return found;
    }

    /**
     * Removes and returns every pending request that {@code which} selects, in correlation-id
     * order (a requester gives up on them: their receiver will never answer).
     */
    List<PendingRequest> takeAll(final Predicate<PendingRequest> which) {
        final List<PendingRequest> found = new ArrayList<>();
        for (Ticket t : tickets.values()) {
            final PendingRequest r = t.request();
            if (which.test(r) && tickets.remove(t.correlationId, t)) {
                found.add(r);
            }
        }
        found.sort((a, b) -> Long.compare(a.correlationId(), b.correlationId()));
        return found;
    }

    /**
     * A request's deadline passed: removes it if it is still pending and its reply not sent.
     *
     * @return whether it was removed (the requester is to be told it timed out)
     */
    boolean expire(final long correlationId) {
        final Ticket t = tickets.get(correlationId);
        return t != null && !t.answered && tickets.remove(correlationId, t);
    }

    /** @return the pending requests whose replies are not sent yet, in correlation-id order */
    List<PendingRequest> unanswered() {
        final List<PendingRequest> found = new ArrayList<>();
        for (Ticket t : tickets.values()) {
            if (!t.answered) {
                found.add(t.request());
            }
        }
        found.sort((a, b) -> Long.compare(a.correlationId(), b.correlationId()));
        return found;
    }

    /** @return whether a request with this id is pending */
    boolean contains(final long correlationId) {
        return tickets.containsKey(correlationId);
    }

    int size() {
        return tickets.size();
    }
}
