package dev.newt.net.api;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramClose;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.msg.DgramSent;
import dev.newt.net.msg.SocketError;
import dev.newt.net.wire.Ipv4Address;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP socket of a Newt host, for application code on its own thread, in the manner of
 * {@link java.net.DatagramSocket}:
 * <pre>{@code
 * try (NewtDatagramSocket s = NewtDatagramSocket.bind(runtime, "a", 0)) {
 *     s.send(Ipv4Address.parse("10.0.0.2"), 7, "hello".getBytes(UTF_8));
 *     ReceivedDatagram d = s.receive(Duration.ofSeconds(1));
 * }
 * }</pre>
 * Each call is a request to the host's sock server ({@code <host>.sock}) through a
 * {@link NewtClient}, waited for with a timeout; so it needs a runtime whose servers run on their
 * own threads (the threaded executor): on the simulated one nothing runs while the caller waits.
 * Refusals from sock become exceptions naming the socket: {@link BindException} when the port is
 * in use, {@link SocketException} otherwise.
 *
 * <p>Thread-safe: one thread may receive while others send; {@link #close()} from another thread
 * ends a receive under way with a {@link SocketException}.
 */
public final class NewtDatagramSocket implements AutoCloseable {
    /** How long bind, send and close wait for sock unless told otherwise. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private static final AtomicLong CLIENT_NUMBERS = new AtomicLong();

    private final NewtClient client;
    private final String sock;
    private final int socketId;
    private final int port;
    private final Duration requestTimeout;
    private final Object receiveLock = new Object();
    /** A receive asked for and not yet answered: the next receive waits for it rather than ask again. */
    private CompletableFuture<Envelope> pendingReceive;
    private volatile boolean closed;

    private NewtDatagramSocket(final NewtClient client, final String sock, final int socketId, final int port,
                               final Duration requestTimeout) {
        this.client = client;
        this.sock = sock;
        this.socketId = socketId;
        this.port = port;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Binds a socket through a new client of the runtime, named {@code <host>.dgram-<n>}.
     *
     * @param runtime a started runtime on the threaded executor
     * @param host    the host whose sock server to use
     * @param port    local port, or 0 for any free ephemeral port
     * @return the bound socket
     * @throws BindException        if the port is in use
     * @throws UnknownHostException if the runtime has no {@code <host>.sock}
     * @throws SocketTimeoutException if sock does not answer within {@link #DEFAULT_REQUEST_TIMEOUT}
     *                               (the bind may still happen later)
     * @throws IOException          if sock refuses otherwise, or the wait is interrupted
     * @throws IllegalStateException if the runtime runs on the simulated executor
     */
    public static NewtDatagramSocket bind(final NewtRuntime runtime, final String host, final int port)
        throws IOException {
        if (runtime.simulated()) {
            throw new IllegalStateException("NewtDatagramSocket blocks its caller: it needs the threaded executor, "
                + "on the simulated one nothing runs while it waits");
        }
        return bind(runtime.client(host + ".dgram-" + CLIENT_NUMBERS.incrementAndGet()), host, port);
    }

    /**
     * @param client the client to speak to sock through (it may serve several sockets)
     * @param host   the host whose sock server to use
     * @param port   local port, or 0 for any free ephemeral port
     * @return the bound socket, using {@link #DEFAULT_REQUEST_TIMEOUT}
     * @throws IOException as {@link #bind(NewtRuntime, String, int)}
     */
    public static NewtDatagramSocket bind(final NewtClient client, final String host, final int port)
        throws IOException {
        return bind(client, host, port, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param client         the client to speak to sock through
     * @param host           the host whose sock server to use
     * @param port           local port, or 0 for any free ephemeral port
     * @param requestTimeout how long bind, send and close wait for sock
     * @return the bound socket
     * @throws IOException as {@link #bind(NewtRuntime, String, int)}
     */
    public static NewtDatagramSocket bind(final NewtClient client, final String host, final int port,
                                          final Duration requestTimeout) throws IOException {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        final String sock = HostNames.sock(Objects.requireNonNull(host, "host"));
        final CompletableFuture<Envelope> f;
        try {
            f = client.request(sock, new DgramBind(port));
        } catch (IllegalArgumentException e) {
            final UnknownHostException u = new UnknownHostException("no socket server '" + sock
                + "' in this runtime: is '" + host + "' a host?");
            u.initCause(e);
            throw u;
        }
        final String what = "bind port " + port + " on " + sock;
        final Object reply = await(f, requestTimeout, what);
        if (reply instanceof DgramBound b) {
            return new NewtDatagramSocket(client, sock, b.socketId(), b.port(), requestTimeout);
        }
        throw failure(reply, what);
    }

    /** @return the local port */
    public int localPort() {
        return port;
    }

    /** @return sock's handle of this socket */
    public int socketId() {
        return socketId;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Sends one datagram; its data is copied, so the caller may reuse the array at once.
     *
     * @param destination the destination address
     * @param destinationPort the destination port, 1..65535
     * @param data        the payload, at most 1472 bytes
     * @throws SocketException        naming the socket if sock refuses (too long, closed, ...)
     * @throws SocketTimeoutException if sock does not answer within the request timeout
     * @throws IOException            if interrupted while waiting
     */
    public void send(final Ipv4Address destination, final int destinationPort, final byte[] data) throws IOException {
        send(destination, destinationPort, data, 0, data.length);
    }

    /**
     * Sends {@code length} bytes of {@code data} from {@code offset} as one datagram.
     *
     * @param destination     the destination address
     * @param destinationPort the destination port, 1..65535
     * @param data            holds the payload
     * @param offset          where the payload starts
     * @param length          its length, at most 1472
     * @throws IOException as {@link #send(Ipv4Address, int, byte[])}
     */
    public void send(final Ipv4Address destination, final int destinationPort, final byte[] data, final int offset,
                     final int length) throws IOException {
        Objects.requireNonNull(destination, "destination");
        Objects.checkFromIndexSize(offset, length, data.length);
        ensureOpen();
        final String what = "send " + length + " bytes to " + destination + ":" + destinationPort + " from "
            + describe();
        final Object reply = await(request(new DgramSendTo(socketId, destination, destinationPort,
            Arrays.copyOfRange(data, offset, offset + length)), what), requestTimeout, what);
        if (!(reply instanceof DgramSent)) {
            throw failure(reply, what);
        }
    }

    /**
     * Waits for the next datagram. A receive that timed out stays asked for at sock, and the next
     * call waits for that same answer, so no datagram is lost to a timeout.
     *
     * @param timeout the longest wait
     * @return the datagram
     * @throws SocketTimeoutException if none came in time
     * @throws SocketException        naming the socket if it was closed or sock refused
     * @throws IOException            if interrupted while waiting
     */
    public ReceivedDatagram receive(final Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (receiveLock) {
            ensureOpen();
            final String what = "receive on " + describe();
            if (pendingReceive == null) {
                pendingReceive = request(new DgramReceive(socketId), what);
            }
            final CompletableFuture<Envelope> f = pendingReceive;
            final Object reply;
            try {
                reply = await(f, timeout, what);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no datagram for " + describe() + " within " + timeout);
            } finally {
                if (f.isDone()) {
                    pendingReceive = null;
                }
            }
            if (reply instanceof Datagram d) {
                return new ReceivedDatagram(d.source(), d.sourcePort(), d.data().clone());
            }
            throw failure(reply, what);
        }
    }

    /**
     * Closes the socket at sock, which fails a receive under way. Best effort and idempotent, like
     * {@link java.net.DatagramSocket#close()}: it throws nothing, and gives up waiting for sock
     * after the request timeout.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            await(client.request(sock, new DgramClose(socketId)), requestTimeout, "close " + describe());
        } catch (IOException | RuntimeException e) {
            // Nothing to tell the caller: the socket is closed on this side either way.
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "NewtDatagramSocket[" + describe() + (closed ? ", closed" : "") + "]";
    }

    private String describe() {
        return "socket " + socketId + " (port " + port + ") of " + sock;
    }

    private void ensureOpen() throws SocketException {
        if (closed) {
            throw new SocketException(describe() + " is closed");
        }
    }

    private CompletableFuture<Envelope> request(final Object payload, final String what) throws SocketException {
        try {
            return client.request(sock, payload);
        } catch (IllegalArgumentException e) {
            throw new SocketException("cannot " + what + ": " + e.getMessage());
        }
    }

    /**
     * @return the reply's payload
     * @throws SocketTimeoutException on timeout (the request stays pending)
     * @throws SocketException        if the request could not be delivered
     * @throws InterruptedIOException if interrupted; the interrupt flag is set again
     */
    private static Object await(final CompletableFuture<Envelope> f, final Duration timeout, final String what)
        throws IOException {
        try {
            return f.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS).payload();
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("no answer within " + timeout + " to " + what);
        } catch (ExecutionException e) {
            throw new SocketException("cannot " + what + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to " + what);
        }
    }

    private static IOException failure(final Object reply, final String what) {
        if (reply instanceof SocketError err) {
            final String msg = "cannot " + what + ": " + err.code() + ": " + err.message();
            return "ADDRESS_IN_USE".equals(err.code()) ? new BindException(msg) : new SocketException(msg);
        }
        return new SocketException("cannot " + what + ": unexpected answer " + reply);
    }
}
