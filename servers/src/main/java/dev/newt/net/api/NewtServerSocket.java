package dev.newt.net.api;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP listener of a Newt host, for application code on its own thread, in the manner of
 * {@link java.net.ServerSocket}:
 * <pre>{@code
 * try (NewtServerSocket server = NewtServerSocket.listen(runtime, "b", 80)) {
 *     try (NewtSocket s = server.accept(Duration.ofSeconds(5))) {
 *         s.getInputStream().transferTo(s.getOutputStream());
 *     }
 * }
 * }</pre>
 * The sockets it accepts speak to sock through the same client as the listener (sock lets only
 * the endpoint that owns a connection use it). Needs the threaded executor, as {@link NewtSocket}.
 *
 * <p>On a host with replicas of its stack the listener listens in every replica (one listen at each
 * {@code <host>.sock#r}, on the same port), because the nic steers an inbound connection to the
 * replica its 4-tuple hashes to; {@link #accept} merges the replicas' accepts into one queue: an
 * accept stays asked for at every replica, and the first answer is taken (replicas in turn when
 * several are ready); {@link #acceptAsync} does the same without blocking. A replica whose accept
 * fails (its tcp lost the listener, restarted {@code fresh}) is left out and its listener closed,
 * and it listens there again once sock lets it (after {@link #RELISTEN}, then at doubling waits):
 * the others accept meanwhile, and the replica accepts again after its restart. On a host of one
 * replica a failed accept is thrown, as before. {@link #close()} closes them all.
 *
 * <p>Thread-safe: {@link #close()} from another thread ends an accept under way with a
 * {@link SocketException}.
 */
public final class NewtServerSocket implements AutoCloseable {
    /** Backlog of {@link #listen(NewtRuntime, String, int)}, as {@code java.net.ServerSocket}'s. */
    public static final int DEFAULT_BACKLOG = 50;

    private static final AtomicLong CLIENT_NUMBERS = new AtomicLong();
    /** First wait before a replica whose listener was lost listens again (its tcp may be restarting). */
    static final Duration RELISTEN = Duration.ofMillis(10);
    /** Longest wait between two tries to listen again. */
    static final Duration RELISTEN_MAX = Duration.ofSeconds(1);

    /** The listen in one replica of the host's stack. */
    private static final class ReplicaListener {
        final int replica;
        final String sock;
        /** sock's id of the listener; a new one after the replica listened again. */
        volatile int listenerId;
        /** An accept asked for and not yet taken: the next accept waits for it rather than ask again. */
        volatile CompletableFuture<Envelope> pendingAccept;
        /** Whether its listener was lost (an accept failed) and it listens again, left out meanwhile. */
        volatile boolean dropped;
        /** The wait before the next try to listen again (doubling up to {@link #RELISTEN_MAX}). */
        long relistenNanos;

        ReplicaListener(final int replica, final String sock, final int listenerId) {
            this.replica = replica;
            this.sock = sock;
            this.listenerId = listenerId;
        }
    }

    private final NewtClient client;
    private final String host;
    private final List<ReplicaListener> listeners;
    private final int port;
    private final Duration requestTimeout;
    private final int backlog;
    private final Object acceptLock = new Object();
    /** Completed (and replaced) when a replica listens again, so a waiting accept looks again. */
    private volatile CompletableFuture<Envelope> rejoined = new CompletableFuture<>();
    /** The replica an accept looks at first, so that ready replicas are taken in turn (guarded by acceptLock). */
    private int nextReplica;
    private final AtomicLong relistens = new AtomicLong();
    private volatile boolean closed;
    private volatile SocketKind kind = SocketKind.PER_CALL;

    private NewtServerSocket(final NewtClient client, final String host, final List<ReplicaListener> listeners,
                             final int port, final int backlog, final Duration requestTimeout) {
        this.client = client;
        this.host = host;
        this.listeners = List.copyOf(listeners);
        this.port = port;
        this.backlog = backlog;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Listens through a new client of the runtime, named {@code <host>.listen-<n>}, with a backlog
     * of {@link #DEFAULT_BACKLOG}, in every replica of the host's stack.
     *
     * @param runtime a started runtime on the threaded executor
     * @param host    the host to listen on
     * @param port    the port, 1..65535
     * @return the listener
     * @throws BindException  if the port has a listener already
     * @throws java.net.UnknownHostException if the runtime has no {@code <host>.sock}
     * @throws IOException    if sock refused otherwise, did not answer within
     *                        {@link NewtSocket#DEFAULT_REQUEST_TIMEOUT}, or the wait was interrupted
     * @throws IllegalStateException if the runtime runs on the simulated executor
     */
    public static NewtServerSocket listen(final NewtRuntime runtime, final String host, final int port)
        throws IOException {
        return listen(runtime, host, port, DEFAULT_BACKLOG);
    }

    /**
     * @param runtime a started runtime on the threaded executor
     * @param host    the host to listen on, in every replica of its stack
     * @param port    the port, 1..65535
     * @param backlog most connections established and not yet accepted, per replica
     * @return the listener
     * @throws IOException as {@link #listen(NewtRuntime, String, int)}
     */
    public static NewtServerSocket listen(final NewtRuntime runtime, final String host, final int port,
                                          final int backlog) throws IOException {
        NewtSocket.requireThreaded(runtime);
        return listen(runtime.client(host + ".listen-" + CLIENT_NUMBERS.incrementAndGet()), host,
            StackReplicas.of(runtime, Objects.requireNonNull(host, "host")), port, backlog,
            NewtSocket.DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Listens in replica 0 of the host's stack only (the host's one stack when it has no replicas).
     *
     * @param client         the client to speak to sock through; accepted sockets use it too
     * @param host           the host to listen on
     * @param port           the port, 1..65535
     * @param backlog        most connections established and not yet accepted
     * @param requestTimeout how long listen and close wait for sock
     * @return the listener
     * @throws IOException as {@link #listen(NewtRuntime, String, int)}
     */
    public static NewtServerSocket listen(final NewtClient client, final String host, final int port,
                                          final int backlog, final Duration requestTimeout) throws IOException {
        return listen(client, host, 1, port, backlog, requestTimeout);
    }

    /**
     * Listens in replicas 0 .. {@code replicas - 1} of the host's stack, on one port: replica 0's
     * (the port it picked, for port 0) is asked of the others. If a replica refuses, those that
     * listened are closed.
     *
     * @param client         the client to speak to sock through; accepted sockets use it too
     * @param host           the host to listen on
     * @param replicas       how many replicas of its stack the host runs, at least 1
     * @param port           the port, 1..65535
     * @param backlog        most connections established and not yet accepted, per replica
     * @param requestTimeout how long listen and close wait for sock
     * @return the listener
     * @throws IOException as {@link #listen(NewtRuntime, String, int)}
     */
    public static NewtServerSocket listen(final NewtClient client, final String host, final int replicas,
                                          final int port, final int backlog, final Duration requestTimeout)
        throws IOException {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1: " + replicas);
        }
        final List<ReplicaListener> opened = new ArrayList<>();
        int bound = port;
        try {
            for (int r = 0; r < replicas; r++) {
                final String sock = HostNames.replica(host, HostNames.SOCK, r);
                final String what = "listen on " + host + ":" + bound + (replicas > 1 ? " in " + sock : "");
                final Object reply = StreamCalls.await(StreamCalls.request(client, sock,
                    new StreamListen(bound, backlog)), requestTimeout, what);
                if (!(reply instanceof StreamListening l)) {
                    throw StreamCalls.failure(reply, what);
                }
                opened.add(new ReplicaListener(r, sock, l.listenerId()));
                bound = l.port();
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(l -> closeQuietly(client, l, requestTimeout));
            throw e;
        }
        return new NewtServerSocket(client, host, opened, bound, backlog, requestTimeout);
    }

    /** @param kind the kind of the sockets {@link #accept} gives from now on ({@link SocketKind#PER_CALL} by default) */
    public void setSocketKind(final SocketKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return the port listened on */
    public int getLocalPort() {
        return port;
    }

    /** @return tcp's id of the listener in replica 0 */
    public int listenerId() {
        return listeners.get(0).listenerId;
    }

    /** @return how many replicas of the host's stack it listens in (left-out replicas included) */
    public int replicas() {
        return listeners.size();
    }

    /** @return how many times a replica whose listener was lost listened again */
    public long relistens() {
        return relistens.get();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Waits without limit for the next connection.
     *
     * @return the connection
     * @throws SocketException if the listener is closed
     * @throws IOException     if interrupted
     */
    public NewtSocket accept() throws IOException {
        return accept(StreamCalls.FOREVER);
    }

    /**
     * Waits for the next connection, from whichever replica has one. An accept that timed out
     * stays asked for at sock, and the next call waits for that same answer, so no connection is
     * lost to a timeout.
     *
     * @param timeout the longest wait; zero for no limit
     * @return the connection
     * @throws SocketTimeoutException if none came in time
     * @throws SocketException        if the listener is closed or sock refused (in every replica)
     * @throws IOException            if interrupted
     */
    public NewtSocket accept(final Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        final long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        synchronized (acceptLock) {
            final String what = "accept on " + describe();
            while (true) {
                if (closed) {
                    throw new SocketException("Socket closed: " + what);
                }
                final CompletableFuture<Object> any = new CompletableFuture<>();
                rejoined.whenComplete((e, x) -> any.complete(Boolean.TRUE));
                for (CompletableFuture<Envelope> f : pendingAccepts()) {
                    f.whenComplete((e, x) -> {
                        if (x == null) {
                            any.complete(e);
                        } else {
                            any.completeExceptionally(x);
                        }
                    });
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("Accept timed out: no connection to " + describe() + " within "
                        + timeout);
                }
                try {
                    if (deadline == Long.MAX_VALUE) {
                        any.get();
                    } else {
                        any.get(left, TimeUnit.NANOSECONDS);
                    }
                } catch (TimeoutException e) {
                    throw new SocketTimeoutException("Accept timed out: no connection to " + describe() + " within "
                        + timeout);
                } catch (ExecutionException e) {
                    if (listeners.size() == 1 || closed) {
                        throw StreamCalls.asIo(e.getCause(), what);
                    }
                    // A replica's accept failed: the loop below takes it and leaves that replica out.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(what + ": interrupted while waiting");
                }
                if (closed) {
                    throw new SocketException("Socket closed: " + what);
                }
                final ReplicaListener ready = takeReady();
                if (ready == null) {
                    continue;
                }
                final CompletableFuture<Envelope> f = take(ready);
                if (f == null) {
                    continue;
                }
                final Object reply;
                try {
                    reply = StreamCalls.await(f, StreamCalls.FOREVER, what);
                } catch (SocketException e) {
                    if (closed || listeners.size() == 1) {
                        throw e;
                    }
                    leaveOut(ready);
                    continue;
                }
                if (reply instanceof StreamAccepted a) {
                    return accepted(ready, a).become(kind);
                }
                if (listeners.size() == 1) {
                    throw StreamCalls.failure(reply, what);
                }
                leaveOut(ready);
            }
        }
    }

    /** @return the first replica, from {@link #nextReplica} on, whose accept is answered; or null */
    private ReplicaListener takeReady() {
        final int n = listeners.size();
        for (int i = 0; i < n; i++) {
            final ReplicaListener l = listeners.get((nextReplica + i) % n);
            final CompletableFuture<Envelope> f = l.pendingAccept;
            if (!l.dropped && f != null && f.isDone()) {
                nextReplica = (l.replica + 1) % n;
                return l;
            }
        }
        return null;
    }

    /**
     * @return the accept asked for at every replica still listening (asked now where none was)
     * @throws IOException if a sock is not in the runtime
     */
    private List<CompletableFuture<Envelope>> pendingAccepts() throws IOException {
        final List<CompletableFuture<Envelope>> out = new ArrayList<>();
        for (ReplicaListener l : listeners) {
            if (l.dropped) {
                continue;
            }
            CompletableFuture<Envelope> f = l.pendingAccept;
            if (f == null) {
                final CompletableFuture<Envelope> asked = StreamCalls.request(client, l.sock,
                    new StreamAccept(l.listenerId));
                l.pendingAccept = asked;
                if (listeners.size() > 1) {
                    // A lost listener is listened again at once, not when an accept next looks.
                    asked.whenComplete((e, x) -> {
                        if (x != null || !(e.payload() instanceof StreamAccepted)) {
                            lostIfStill(l, asked);
                        }
                    });
                }
                f = asked;
            }
            out.add(f);
        }
        return out;
    }

    /**
     * Leaves out a replica whose accept failed (its tcp lost the listener: restarted {@code fresh}),
     * closing its listener at sock, and listens there again, first after {@link #RELISTEN}, then
     * at doubling waits up to {@link #RELISTEN_MAX} until sock lets it or the listener is closed;
     * the replica accepts again from then on.
     */
    private void leaveOut(final ReplicaListener l) {
        synchronized (l) {
            if (l.dropped) {
                return;
            }
            l.dropped = true;
            l.pendingAccept = null;
        }
        client.request(l.sock, new StreamClose(l.listenerId, false));
        l.relistenNanos = RELISTEN.toNanos();
        relistenLater(l);
    }

    /** A replica's accept {@code f} failed: leaves the replica out unless an accept took {@code f} first. */
    private void lostIfStill(final ReplicaListener l, final CompletableFuture<Envelope> f) {
        synchronized (l) {
            if (l.pendingAccept != f || l.dropped || closed) {
                return;
            }
        }
        leaveOut(l);
    }

    /** @return the replica's answered accept, taken (so no one else takes it), or null if gone */
    private static CompletableFuture<Envelope> take(final ReplicaListener l) {
        synchronized (l) {
            final CompletableFuture<Envelope> f = l.pendingAccept;
            l.pendingAccept = null;
            return f;
        }
    }

    private void relistenLater(final ReplicaListener l) {
        final long wait = l.relistenNanos;
        l.relistenNanos = Math.min(RELISTEN_MAX.toNanos(), wait * 2);
        CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS).execute(() -> relisten(l));
    }

    private void relisten(final ReplicaListener l) {
        if (closed) {
            return;
        }
        client.request(l.sock, new StreamListen(port, backlog)).whenComplete((e, x) -> {
            if (x == null && e.payload() instanceof StreamListening listening) {
                if (closed) {
                    client.request(l.sock, new StreamClose(listening.listenerId(), false));
                    return;
                }
                l.listenerId = listening.listenerId();
                l.dropped = false;
                relistens.incrementAndGet();
                final CompletableFuture<Envelope> was = rejoined;
                rejoined = new CompletableFuture<>();
                was.complete(null);
            } else if (!closed) {
                relistenLater(l);
            }
        });
    }

    /**
     * Asks for the next connection without blocking, from whichever replica has one first (do not
     * mix with {@link #accept} on one listener). A replica whose listener was lost listens again,
     * as for {@link #accept}. The socket is {@link SocketKind#PER_CALL}, whatever
     * {@link #setSocketKind} says.
     *
     * @return the connection, or a failure with the exception {@link #accept} would throw
     */
    public CompletableFuture<NewtSocket> acceptAsync() {
        final CompletableFuture<NewtSocket> out = new CompletableFuture<>();
        acceptAsync(out);
        return out;
    }

    /** Completes {@code out} from a replica whose accept is answered, or looks again when one is. */
    private void acceptAsync(final CompletableFuture<NewtSocket> out) {
        final String what = "accept on " + describe();
        synchronized (acceptLock) {
            while (!out.isDone()) {
                if (closed) {
                    out.completeExceptionally(new SocketException("Socket closed: " + what));
                    return;
                }
                final ReplicaListener ready = takeReady();
                if (ready == null) {
                    try {
                        rejoined.whenComplete((e, x) -> acceptAsync(out));
                        for (CompletableFuture<Envelope> f : pendingAccepts()) {
                            f.whenComplete((e, x) -> acceptAsync(out));
                        }
                    } catch (IOException e) {
                        out.completeExceptionally(e);
                    }
                    return;
                }
                final CompletableFuture<Envelope> f = take(ready);
                if (f == null) {
                    continue;
                }
                final Envelope e = f.isCompletedExceptionally() ? null : f.join();
                if (e != null && e.payload() instanceof StreamAccepted a) {
                    out.complete(accepted(ready, a));
                } else if (listeners.size() == 1 || closed) {
                    out.completeExceptionally(e == null ? failureOf(f, what) : StreamCalls.failure(e.payload(), what));
                } else {
                    leaveOut(ready);
                }
            }
        }
    }

    private static IOException failureOf(final CompletableFuture<Envelope> f, final String what) {
        try {
            f.join();
            return new SocketException(what);
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException x) {
            return StreamCalls.asIo(x, what);
        }
    }

    private NewtSocket accepted(final ReplicaListener l, final StreamAccepted a) {
        return new NewtSocket(client, host, l.sock, a.connectionId(), a.localPort(), a.remote(), a.remotePort(),
            requestTimeout);
    }

    /**
     * Stops listening, in every replica; connections accepted before stay open. Best effort and
     * idempotent; an accept under way on another thread ends with a {@link SocketException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rejoined.complete(null);
        for (ReplicaListener l : listeners) {
            if (!l.dropped) {
                closeQuietly(client, l, requestTimeout);
            }
        }
        for (ReplicaListener l : listeners) {
            final CompletableFuture<Envelope> f = l.pendingAccept;
            if (f != null) {
                f.completeExceptionally(new SocketException("Socket closed: " + describe()));
            }
        }
    }

    private static void closeQuietly(final NewtClient client, final ReplicaListener l, final Duration timeout) {
        try {
            StreamCalls.await(StreamCalls.request(client, l.sock, new StreamClose(l.listenerId, false)), timeout,
                "close listener " + l.listenerId + " at " + l.sock);
        } catch (IOException e) {
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return {@code "listener 1 on a:80"}, or {@code "listener 1 on a:80 (3 replicas)"} */
    private String describe() {
        return "listener " + listenerId() + " on " + host + ":" + port
            + (listeners.size() > 1 ? " (" + listeners.size() + " replicas)" : "");
    }

    @Override
    public String toString() {
        return "NewtServerSocket[" + describe() + (closed ? ", closed" : "") + "]";
    }
}
