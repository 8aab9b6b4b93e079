package dev.newt.core.runtime;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.RequestDeadlines;
import dev.newt.core.server.RequestTimedOut;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Enforces the deadlines of requests between servers ({@link RequestDeadlines}, from the
 * requester's spec): a request sent with a deadline arms a runtime timer; if the request is still
 * pending and unanswered when it fires, the runtime removes it from the requester's
 * {@link PendingTable}, records a {@link EventKinds#REQUEST_TIMED_OUT} event and gives the
 * requester a {@link RequestTimedOut} reply with the request's correlation id. One timer per
 * request, no cancellation: a timer that finds its request answered does nothing.
 */
final class RequestDeadlineWatch {
    private RequestDeadlineWatch() {
    }

    /**
     * Arms the deadline of a request just sent (or resubmitted), if its kind has one.
     *
     * @param slot    the requester's slot
     * @param from    the name it sent as (its own, or an alias): where the timeout reply goes
     * @param id      the request's correlation id
     * @param to      the receiver
     * @param payload the request
     */
    static void arm(final ServerSlot<?> slot, final String from, final long id, final String to,
                    final Object payload) {
        final long nanos = slot.spec.requestDeadlines().nanosFor(payload);
        if (nanos > 0) {
            slot.runtime.timers().schedule(nanos, () -> expire(slot, from, id, to, payload, nanos));
        }
    }

    private static void expire(final ServerSlot<?> slot, final String from, final long id, final String to,
                               final Object payload, final long nanos) {
        if (!slot.pending().expire(id)) {
            return;
        }
        final NewtRuntime rt = slot.runtime;
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("to", to);
        f.put("correlationId", id);
        f.put("request", payload.getClass().getSimpleName());
        f.put("deadlineNanos", nanos);
        rt.record(new CustomEvent(rt.now(), slot.name(), EventKinds.REQUEST_TIMED_OUT, f));
        slot.offerReply(new Envelope(Kind.REPLY, to, 0, from, id, new RequestTimedOut(to, payload,
            Duration.ofNanos(nanos)), rt.now()));
    }
}
