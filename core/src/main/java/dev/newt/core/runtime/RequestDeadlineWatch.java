package dev.newt.core.runtime;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.RequestDeadlines;
import dev.newt.core.server.RequestTimedOut;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enforces the deadlines of one server's requests to other servers ({@link RequestDeadlines},
 * from its spec). A request's deadline is its first send ({@link PendingRequest#sentAt()}) plus
 * its kind's deadline. One runtime timer per server at a time, at the earliest deadline of its
 * pending requests (not one per request: a server sending a million requests a second would
 * otherwise keep millions of timers queued): when it fires, every request still pending,
 * unanswered and past its deadline leaves the requester's {@link PendingTable}, is recorded as a
 * {@link EventKinds#REQUEST_TIMED_OUT} event and is answered to the requester with a
 * {@link RequestTimedOut} reply under its correlation id; then the timer is armed at the next
 * deadline.
 */
final class RequestDeadlineWatch {
    private final ServerSlot<?> slot;
    /** When the armed timer fires, runtime clock; {@link Long#MAX_VALUE} when none is armed. */
    private final AtomicLong armedAt = new AtomicLong(Long.MAX_VALUE);
    /** The alias a request was sent as, when not the server's own name: its timeout reply goes there. */
    private final Map<Long, String> sentAs = new ConcurrentHashMap<>();

    RequestDeadlineWatch(final ServerSlot<?> slot) {
        this.slot = slot;
    }

    /**
     * A request was just sent (or resubmitted): arms the timer if it is due before the armed one.
     *
     * @param from    the name it was sent as (the server's own, or an alias)
     * @param request the request
     */
    void sent(final String from, final PendingRequest request) {
        sent(from, request.correlationId(), request.payload(), request.sentAt());
    }

    /** {@link #sent(String, PendingRequest)} without a request object: the first send's hot path. */
    void sent(final String from, final long correlationId, final Object payload, final long sentAt) {
        final long nanos = slot.spec.requestDeadlines().nanosFor(payload);
        if (nanos <= 0) {
            return;
        }
        if (!from.equals(slot.name())) {
            sentAs.put(correlationId, from);
        }
        armBy(sentAt + nanos);
    }

    /** Makes sure a timer fires at or before {@code deadline}. */
    private void armBy(final long deadline) {
        while (true) {
            final long armed = armedAt.get();
            if (armed <= deadline) {
                return;
            }
            if (armedAt.compareAndSet(armed, deadline)) {
                slot.runtime.timers().schedule(deadline - slot.runtime.now(), () -> fire(deadline));
                return;
            }
        }
    }

    private void fire(final long deadline) {
        armedAt.compareAndSet(deadline, Long.MAX_VALUE);
        final NewtRuntime rt = slot.runtime;
        final long now = rt.now();
        final RequestDeadlines deadlines = slot.spec.requestDeadlines();
        long next = Long.MAX_VALUE;
        for (PendingRequest r : slot.pending().unanswered()) {
            final long nanos = deadlines.nanosFor(r.payload());
            if (nanos <= 0) {
                continue;
            }
            if (r.sentAt() + nanos > now) {
                next = Math.min(next, r.sentAt() + nanos);
            } else if (slot.pending().expire(r.correlationId())) {
                timedOut(rt, r, nanos, now);
            }
        }
        sentAs.keySet().removeIf(id -> !slot.pending().contains(id));
        if (next != Long.MAX_VALUE) {
            armBy(next);
        }
    }

    private void timedOut(final NewtRuntime rt, final PendingRequest r, final long nanos, final long now) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("to", r.to());
        f.put("correlationId", r.correlationId());
        f.put("request", r.payload().getClass().getSimpleName());
        f.put("deadlineNanos", nanos);
        rt.record(new CustomEvent(now, slot.name(), EventKinds.REQUEST_TIMED_OUT, f));
        final String from = sentAs.getOrDefault(r.correlationId(), slot.name());
        slot.offerReply(new Envelope(Kind.REPLY, r.to(), 0, from, r.correlationId(),
            new RequestTimedOut(r.to(), r.payload(), Duration.ofNanos(nanos)), now));
    }
}
