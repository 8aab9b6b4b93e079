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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * <p>Thread-safe: {@link #close()} from another thread ends an accept under way with a
 * {@link SocketException}.
 */
public final class NewtServerSocket implements AutoCloseable {
    /** Backlog of {@link #listen(NewtRuntime, String, int)}, as {@code java.net.ServerSocket}'s. */
    public static final int DEFAULT_BACKLOG = 50;

    private static final AtomicLong CLIENT_NUMBERS = new AtomicLong();

    private final NewtClient client;
    private final String host;
    private final String sock;
    private final int listenerId;
    private final int port;
    private final Duration requestTimeout;
    private final Object acceptLock = new Object();
    /** An accept asked for and not yet answered: the next accept waits for it rather than ask again. */
    private volatile CompletableFuture<Envelope> pendingAccept;
    private volatile boolean closed;
    private volatile SocketKind kind = SocketKind.PER_CALL;

    private NewtServerSocket(final NewtClient client, final String host, final int listenerId, final int port,
                             final Duration requestTimeout) {
        this.client = client;
        this.host = host;
        this.sock = HostNames.sock(host);
        this.listenerId = listenerId;
        this.port = port;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Listens through a new client of the runtime, named {@code <host>.listen-<n>}, with a backlog
     * of {@link #DEFAULT_BACKLOG}.
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
     * @param host    the host to listen on
     * @param port    the port, 1..65535
     * @param backlog most connections established and not yet accepted
     * @return the listener
     * @throws IOException as {@link #listen(NewtRuntime, String, int)}
     */
    public static NewtServerSocket listen(final NewtRuntime runtime, final String host, final int port,
                                          final int backlog) throws IOException {
        NewtSocket.requireThreaded(runtime);
        return listen(runtime.client(host + ".listen-" + CLIENT_NUMBERS.incrementAndGet()), host, port, backlog,
            NewtSocket.DEFAULT_REQUEST_TIMEOUT);
    }

    /**
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
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        final String sock = HostNames.sock(Objects.requireNonNull(host, "host"));
        final String what = "listen on " + host + ":" + port;
        final Object reply = StreamCalls.await(StreamCalls.request(client, sock, new StreamListen(port, backlog)),
            requestTimeout, what);
        if (reply instanceof StreamListening l) {
            return new NewtServerSocket(client, host, l.listenerId(), l.port(), requestTimeout);
        }
        throw StreamCalls.failure(reply, what);
    }

    /** @param kind the kind of the sockets {@link #accept} gives from now on ({@link SocketKind#PER_CALL} by default) */
    public void setSocketKind(final SocketKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return the port listened on */
    public int getLocalPort() {
        return port;
    }

    /** @return tcp's id of the listener */
    public int listenerId() {
        return listenerId;
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
     * Waits for the next connection. An accept that timed out stays asked for at sock, and the next
     * call waits for that same answer, so no connection is lost to a timeout.
     *
     * @param timeout the longest wait; zero for no limit
     * @return the connection
     * @throws SocketTimeoutException if none came in time
     * @throws SocketException        if the listener is closed or sock refused
     * @throws IOException            if interrupted
     */
    public NewtSocket accept(final Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (acceptLock) {
            final String what = "accept on " + describe();
            if (closed) {
                throw new SocketException("Socket closed: " + what);
            }
            CompletableFuture<Envelope> f = pendingAccept;
            if (f == null) {
                f = StreamCalls.request(client, sock, new StreamAccept(listenerId));
                pendingAccept = f;
            }
            final Object reply;
            try {
                reply = StreamCalls.await(f, timeout, what);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("Accept timed out: no connection to " + describe() + " within "
                    + timeout);
            } finally {
                if (f.isDone()) {
                    pendingAccept = null;
                }
            }
            if (reply instanceof StreamAccepted a) {
                return accepted(a).become(kind);
            }
            throw StreamCalls.failure(reply, what);
        }
    }

    /**
     * Asks for the next connection without blocking (do not mix with {@link #accept} on one
     * listener).
     *
     * @return the connection, or a failure with the exception {@link #accept} would throw
     */
    public CompletableFuture<NewtSocket> acceptAsync() {
        final String what = "accept on " + describe();
        if (closed) {
            return CompletableFuture.failedFuture(new SocketException("Socket closed: " + what));
        }
        final CompletableFuture<Envelope> f;
        try {
            f = StreamCalls.request(client, sock, new StreamAccept(listenerId));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return f.thenCompose(e -> e.payload() instanceof StreamAccepted a
            ? CompletableFuture.completedFuture(accepted(a))
            : StreamCalls.failed(e.payload(), what));
    }

    private NewtSocket accepted(final StreamAccepted a) {
        return new NewtSocket(client, host, a.connectionId(), a.localPort(), a.remote(), a.remotePort(),
            requestTimeout);
    }

    /**
     * Stops listening; connections accepted before stay open. Best effort and idempotent; an
     * accept under way on another thread ends with a {@link SocketException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            StreamCalls.await(StreamCalls.request(client, sock, new StreamClose(listenerId, false)), requestTimeout,
                "close " + describe());
        } catch (IOException e) {
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                Thread.currentThread().interrupt();
            }
        }
        final CompletableFuture<Envelope> f = pendingAccept;
        if (f != null) {
            f.completeExceptionally(new SocketException("Socket closed: " + describe()));
        }
    }

    /** @return {@code "listener 1 on a:80"} */
    private String describe() {
        return "listener " + listenerId + " on " + host + ":" + port;
    }

    @Override
    public String toString() {
        return "NewtServerSocket[" + describe() + (closed ? ", closed" : "") + "]";
    }
}
