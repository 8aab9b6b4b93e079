package dev.newt.core.runtime;

import dev.newt.core.server.RuntimeResources;
import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.PendingRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endpoint for code outside the servers (tests, tools, application threads): it sends messages
 * and requests into the runtime and receives replies and messages. Requests a restarted server
 * took and never answered are resubmitted automatically; requests to a server the supervisor gave
 * up on fail ({@link ServerGaveUpException}). Thread-safe.
 */
public final class NewtClient implements Endpoint {
    private final NewtRuntime runtime;
    private final String name;
    private final LinkedBlockingQueue<Envelope> inbox;
    private final PendingTable pending = new PendingTable();
    private final ConcurrentHashMap<Long, CompletableFuture<Envelope>> replies = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    NewtClient(final NewtRuntime runtime, final String name, final int capacity) {
        this.runtime = runtime;
        this.name = name;
        this.inbox = new LinkedBlockingQueue<>(capacity);
    }

    /** @return what the runtime owns for its servers and clients, closed with it */
    public RuntimeResources resources() {
        return runtime.resources();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long epoch() {
        return 1;
    }

    /**
     * @param to      a server
     * @param payload an immutable message
     * @return whether it was enqueued (false: the server's mailbox is full)
     */
    public boolean send(final String to, final Object payload) {
        return runtime.endpoint(to).offer(new Envelope(Kind.MESSAGE, name, 1, to, 0, payload, runtime.now()));
    }

    /**
     * @param to      a server
     * @param payload an immutable request
     * @return the reply envelope, when it comes; failed with {@link MailboxFullException} when the
     *         server's mailbox was full, and with {@link ServerGaveUpException} when the supervisor
     *         has given up on the server (now or later, while the request waits)
     */
    public CompletableFuture<Envelope> request(final String to, final Object payload) {
        final Endpoint target = runtime.endpoint(to);
        final long id = ids.incrementAndGet();
        final CompletableFuture<Envelope> f = new CompletableFuture<>();
        final long now = runtime.now();
        replies.put(id, f);
        final PendingTable.Ticket ticket = pending.add(id, to, payload, now);
        if (!target.offer(new Envelope(Kind.REQUEST, name, 1, to, id, payload, now, ticket))) {
            replies.remove(id);
            pending.complete(id);
            f.completeExceptionally(new MailboxFullException(to));
        } else if (target instanceof ServerSlot<?> slot && slot.state() == ServerState.GIVEN_UP) {
            // Checked after the request is pending, so that either this or failRequestsTo sees the give-up.
            failRequestsTo(slot);
        }
        return f;
    }

    /**
     * Fails every pending request to a server the supervisor gave up on: it will never answer.
     *
     * @param server the server's slot (requests sent to one of its aliases included)
     */
    void failRequestsTo(final Endpoint server) {
        for (PendingRequest r : pending.takeAll(r -> runtime.endpoint(r.to()) == server)) {
            final CompletableFuture<Envelope> f = replies.remove(r.correlationId());
            if (f != null) {
                f.completeExceptionally(new ServerGaveUpException(server.name()));
            }
        }
    }

    /**
     * Answers a request sent to this client, so that a test can stand in for a server.
     *
     * @param request the request envelope, as polled
     * @param payload an immutable answer
     */
    public void reply(final Envelope request, final Object payload) {
        if (request.kind() != Kind.REQUEST) {
            throw new IllegalArgumentException("not a request: " + request);
        }
        final Endpoint requester = runtime.endpoint(request.from());
        if (PendingTable.live(request.ticket())) {
            ((PendingTable.Ticket) request.ticket()).answered = true;
        } else {
            requester.pending().markAnswered(request.correlationId());
        }
        requester.offerReply(new Envelope(Kind.REPLY, name, 1, request.from(), request.correlationId(), payload,
            runtime.now()));
    }

    /** @return the oldest message sent to this client, or {@code null} if none */
    public Envelope poll() {
        return inbox.poll();
    }

    /**
     * @param timeout the longest wait
     * @return the oldest message sent to this client, or {@code null} if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    public Envelope poll(final Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return requests sent and not yet answered */
    public int pendingRequests() {
        return pending.size();
    }

    @Override
    public boolean offer(final Envelope envelope) {
        return inbox.offer(envelope);
    }

    @Override
    public void offerReply(final Envelope reply) {
        final CompletableFuture<Envelope> f = replies.remove(reply.correlationId());
        if (pending.complete(reply.correlationId()) == null || f == null) {
            runtime.record(new ReplyOrphaned(runtime.now(), name, 1, reply.from(), reply.correlationId()));
            return;
        }
        f.complete(reply);
    }

    @Override
    public PendingTable pending() {
        return pending;
    }

    @Override
    public void notifyPeerRestarted(final PeerRestarted notice) {
        for (PendingRequest r : notice.pending()) {
            final PendingTable.Ticket ticket = pending.add(r);
            if (!runtime.endpoint(r.to()).offer(new Envelope(Kind.REQUEST, name, 1, r.to(), r.correlationId(),
                r.payload(), runtime.now(), ticket))) {
                pending.complete(r.correlationId());
                final CompletableFuture<Envelope> f = replies.remove(r.correlationId());
                if (f != null) {
                    f.completeExceptionally(new MailboxFullException(r.to()));
                }
            }
        }
    }

    /** A request will never be answered: the supervisor gave up on its receiver. */
    public static final class ServerGaveUpException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String server;

        ServerGaveUpException(final String server) {
            super("the supervisor gave up on '" + server + "': the request will never be answered");
            this.server = server;
        }

        /** @return the server given up on */
        public String server() {
            return server;
        }
    }

    /** A request could not be sent because the receiver's mailbox was full. */
    public static final class MailboxFullException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MailboxFullException(final String server) {
            super("mailbox of '" + server + "' is full");
        }
    }
}
