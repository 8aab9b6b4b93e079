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
 */
final class PendingTable {
    private final ConcurrentHashMap<Long, Ticket> tickets = new ConcurrentHashMap<>();

    /**
     * A pending request, the epoch of the receiver that took it (0 while still queued), and whether
     * the receiver has sent its reply (which the requester may not have read yet).
     */
    static final class Ticket {
        final PendingRequest request;
        volatile long takenByEpoch;
        volatile boolean answered;

        Ticket(final PendingRequest request) {
            this.request = request;
        }
    }

    void add(final PendingRequest request) {
        tickets.put(request.correlationId(), new Ticket(request));
    }

    /** @return the ticket answered by a reply with this id, removed; null when unknown */
    Ticket complete(final long correlationId) {
        return tickets.remove(correlationId);
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
        final Ticket t = tickets.get(correlationId);
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
            if (taken > 0 && taken < newEpoch && !t.answered && t.request.to().equals(peer)
                && tickets.remove(t.request.correlationId(), t)) {
                found.add(t.request);
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
            if (which.test(t.request) && tickets.remove(t.request.correlationId(), t)) {
                found.add(t.request);
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
                found.add(t.request);
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
