package dev.newt.net.api;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamClosed;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import dev.newt.net.ring.SocketRings;
import dev.newt.net.wire.Ipv4Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP connection of a Newt host, for application code on its own thread, in the manner of
 * {@link java.net.Socket}:
 * <pre>{@code
 * try (NewtSocket s = NewtSocket.connect(runtime, "a", Ipv4Address.parse("10.0.0.2"), 80, Duration.ofSeconds(5))) {
 *     s.setSoTimeout(Duration.ofSeconds(5));
 *     s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII));
 *     s.shutdownOutput();
 *     byte[] all = s.getInputStream().readAllBytes();
 * }
 * }</pre>
 * Each call is a request to the host's sock server ({@code <host>.sock}) through a
 * {@link NewtClient}, so it needs the threaded executor. A read blocks until sock answers a
 * {@code StreamReceive}; a write blocks until sock answers {@code StreamSent} for every chunk,
 * which is how a fast writer is flow-controlled by a slow reader. {@link #receiveAsync} and
 * {@link #sendAsync} do the same without blocking, as {@link CompletableFuture}s (do not mix them
 * with the streams on one socket: the input stream buffers what it received); at most
 * {@link #WINDOW} sends are at sock at once, the others wait in the socket, so that any number of
 * {@code sendAsync} calls cannot overflow sock's mailbox.
 *
 * <p>Errors are {@code java.net} exceptions naming the host, address and port:
 * {@link ConnectException} when the peer refused, {@link SocketException} "Connection reset" on a
 * reset, {@link SocketTimeoutException} when tcp gave up or a local timeout passed.
 *
 * <p>Thread-safe: one thread may read while another writes; {@link #close()} from a third ends
 * both with a {@link SocketException}. Reads and writes wait without limit unless
 * {@link #setSoTimeout} / {@link #setWriteTimeout} say otherwise, as with {@code java.net.Socket}.
 */
public final class NewtSocket implements AutoCloseable {
    /** How long shutdown and close wait for sock unless told otherwise. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Most bytes one receive asks for, and one send request carries. */
    public static final int CHUNK = 64 * 1024;
    /**
     * Most sends of this socket at sock not yet answered; {@link #sendAsync} keeps the others here
     * until sock answers one, so that a fast sender cannot fill sock's mailbox.
     */
    public static final int WINDOW = 4;
    /** Wait before offering again a send that sock's full mailbox refused. */
    static final Duration RETRY = Duration.ofMillis(1);

    private static final AtomicLong CLIENT_NUMBERS = new AtomicLong();

    private final NewtClient client;
    private final String sock;
    private final String host;
    private final int connectionId;
    private final int localPort;
    private final Ipv4Address remote;
    private final int remotePort;
    private final Duration requestTimeout;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    /** Orders the numbering of sends with their going out. */
    private final Object sendOrder = new Object();
    /** Bytes handed to sock: the stream offset of the next send (guarded by {@link #sendOrder}). */
    private long sentOffset;
    /** Sends numbered and not yet offered to sock, oldest first (guarded by {@link #sendOrder}). */
    private final ArrayDeque<QueuedSend> waitingSends = new ArrayDeque<>();
    /** Sends offered to sock and not yet answered (guarded by {@link #sendOrder}). */
    private int sendsAtSock;
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private volatile Duration soTimeout = StreamCalls.FOREVER;
    private volatile Duration writeTimeout = StreamCalls.FOREVER;
    /** A receive asked for and not yet answered: the next read waits for it rather than ask again. */
    private volatile CompletableFuture<Envelope> pendingReceive;
    private volatile CompletableFuture<Envelope> pendingWrite;
    private byte[] leftover = new byte[0];
    private int leftoverAt;
    private boolean inputEof;
    private volatile boolean outputShut;
    private volatile boolean closed;
    /** The exposed rings of a {@link SocketKind#RING} socket, or null (guarded by the read and write locks). */
    private volatile RingSocketIo ring;
    /** The application's operations and the messages they needed. */
    private final SocketOps ops = new SocketOps();

    NewtSocket(final NewtClient client, final String host, final int connectionId, final int localPort,
               final Ipv4Address remote, final int remotePort, final Duration requestTimeout) {
        this(client, host, HostNames.sock(host), connectionId, localPort, remote, remotePort, requestTimeout);
    }

    NewtSocket(final NewtClient client, final String host, final String sock, final int connectionId,
               final int localPort, final Ipv4Address remote, final int remotePort, final Duration requestTimeout) {
        this.client = client;
        this.host = host;
        this.sock = sock;
        this.connectionId = connectionId;
        this.localPort = localPort;
        this.remote = remote;
        this.remotePort = remotePort;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Opens a connection through a new client of the runtime, named {@code <host>.stream-<n>}.
     *
     * @param runtime a started runtime on the threaded executor
     * @param host    the host to connect from
     * @param remote  the peer's address
     * @param port    the peer's port
     * @param timeout the longest wait for the connection; zero for no limit
     * @return the connected socket
     * @throws ConnectException       if the peer refused
     * @throws SocketTimeoutException if tcp gave up or {@code timeout} passed (a connection made
     *                                later is reset at once)
     * @throws java.net.UnknownHostException if the runtime has no {@code <host>.sock}
     * @throws IOException            if sock refused otherwise, or the wait was interrupted
     * @throws IllegalStateException  if the runtime runs on the simulated executor
     */
    public static NewtSocket connect(final NewtRuntime runtime, final String host, final Ipv4Address remote,
                                     final int port, final Duration timeout) throws IOException {
        requireThreaded(runtime);
        final long n = CLIENT_NUMBERS.incrementAndGet();
        // A host with replicas of its stack: the connections its applications open are dealt to the
        // replicas in turn, and the replica's tcp picks a port whose flow hash brings the replies back.
        final int replica = (int) (n % StackReplicas.of(runtime, host));
        return connect(runtime.client(host + ".stream-" + n), host, replica, remote, port, timeout);
    }

    /**
     * @param client  the client to speak to sock through (it may serve several sockets)
     * @param host    the host to connect from
     * @param remote  the peer's address
     * @param port    the peer's port
     * @param timeout the longest wait for the connection; zero for no limit
     * @return the connected socket, using {@link #DEFAULT_REQUEST_TIMEOUT}
     * @throws IOException as {@link #connect(NewtRuntime, String, Ipv4Address, int, Duration)}
     */
    public static NewtSocket connect(final NewtClient client, final String host, final Ipv4Address remote,
                                     final int port, final Duration timeout) throws IOException {
        return connect(client, host, 0, remote, port, timeout);
    }

    /**
     * Opens a connection in one replica of a host's stack ({@code <host>.sock#<replica>}, or
     * {@code <host>.sock} for replica 0); with one replica, the same as without.
     *
     * @param client  the client to speak to sock through (it may serve several sockets)
     * @param host    the host to connect from
     * @param replica the replica of its stack, 0 .. replicas - 1
     * @param remote  the peer's address
     * @param port    the peer's port
     * @param timeout the longest wait for the connection; zero for no limit
     * @return the connected socket, using {@link #DEFAULT_REQUEST_TIMEOUT}
     * @throws IOException as {@link #connect(NewtRuntime, String, Ipv4Address, int, Duration)}
     */
    public static NewtSocket connect(final NewtClient client, final String host, final int replica,
                                     final Ipv4Address remote, final int port, final Duration timeout)
        throws IOException {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(timeout, "timeout");
        final String sock = HostNames.replica(Objects.requireNonNull(host, "host"), HostNames.SOCK, replica);
        final String what = "connect from " + host + " to " + remote + ":" + port;
        final CompletableFuture<Envelope> f = StreamCalls.request(client, sock, new StreamConnect(remote, port, 0));
        final Object reply;
        try {
            reply = StreamCalls.await(f, timeout, what);
        } catch (InterruptedIOException e) {
            // Nobody will use a connection made after we gave up: reset it when it comes.
            f.thenAccept(late -> {
                if (late.payload() instanceof StreamConnected c) {
                    client.request(sock, new StreamClose(c.connectionId(), true));
                }
            });
            if (e instanceof SocketTimeoutException) {
                throw new SocketTimeoutException("Connect timed out: " + what + " within " + timeout);
            }
            throw e;
        }
        if (reply instanceof StreamConnected c) {
            return new NewtSocket(client, host, sock, c.connectionId(), c.localPort(), remote, port,
                DEFAULT_REQUEST_TIMEOUT);
        }
        throw StreamCalls.failure(reply, what);
    }

    /**
     * As {@link #connect(NewtRuntime, String, Ipv4Address, int, Duration)}, of the given kind.
     *
     * @param kind {@link SocketKind#RING} for exposed socket buffers
     * @return the connected socket
     * @throws IOException as the other connect, or if sock refused the rings
     */
    public static NewtSocket connect(final NewtRuntime runtime, final String host, final Ipv4Address remote,
                                     final int port, final Duration timeout, final SocketKind kind) throws IOException {
        return connect(runtime, host, remote, port, timeout).become(kind);
    }

    /**
     * Turns a fresh socket into one of {@code kind}, before any byte was read or written.
     *
     * @return this
     * @throws IOException if sock refused the rings (the connection is reset)
     */
    NewtSocket become(final SocketKind kind) throws IOException {
        if (kind == SocketKind.RING) {
            try {
                ring = RingSocketIo.attach(client, sock, connectionId, SocketRings.DEFAULT_CAPACITY, requestTimeout,
                    "attach rings to " + describe(), ops);
            } catch (IOException e) {
                abort();
                throw e;
            }
        }
        return this;
    }

    /** @return {@link SocketKind#RING} when it uses exposed socket buffers */
    public SocketKind kind() {
        return ring == null ? SocketKind.PER_CALL : SocketKind.RING;
    }

    /** @return reads, writes, shutdowns and closes made on it so far */
    public long operations() {
        return ops.operations.get();
    }

    /** @return how many of {@link #operations()} needed at least one message to or from sock */
    public long operationsWithMessages() {
        return ops.withMessage.get();
    }

    /** @return messages to and from sock they needed (a request and its answer count two, a kick one) */
    public long messages() {
        return ops.messages();
    }

    static void requireThreaded(final NewtRuntime runtime) {
        if (runtime.simulated()) {
            throw new IllegalStateException("Newt stream sockets block their caller: they need the threaded "
                + "executor, on the simulated one nothing runs while they wait");
        }
    }

    /** @return the input stream: reads block for bytes from the peer; -1 at its end of stream */
    public InputStream getInputStream() {
        return in;
    }

    /** @return the output stream: writes block until sock has taken the bytes */
    public OutputStream getOutputStream() {
        return out;
    }

    /** @param timeout longest a read waits; zero for no limit (the default) */
    public void setSoTimeout(final Duration timeout) {
        this.soTimeout = requireNotNegative(timeout, "read timeout");
    }

    /** @return how long a read waits; zero for no limit */
    public Duration getSoTimeout() {
        return soTimeout;
    }

    /** @param timeout longest a write waits for sock to take a chunk; zero for no limit (the default) */
    public void setWriteTimeout(final Duration timeout) {
        this.writeTimeout = requireNotNegative(timeout, "write timeout");
    }

    private static Duration requireNotNegative(final Duration d, final String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero (no limit) or positive, was " + d);
        }
        return d;
    }

    /** @return tcp's id of the connection */
    public int connectionId() {
        return connectionId;
    }

    /** @return the host the connection belongs to */
    public String host() {
        return host;
    }

    /** @return the replica of the host's stack the connection lives in (0 on a host without replicas) */
    public int stackReplica() {
        return HostNames.replicaOf(sock);
    }

    /** @return the local port */
    public int getLocalPort() {
        return localPort;
    }

    /** @return the peer's address */
    public Ipv4Address getInetAddress() {
        return remote;
    }

    /** @return the peer's port */
    public int getPort() {
        return remotePort;
    }

    /** @return whether {@link #close()} or {@link #abort()} was called */
    public boolean isClosed() {
        return closed;
    }

    /** @return whether {@link #shutdownOutput()} was called */
    public boolean isOutputShutdown() {
        return outputShut;
    }

    // ---- non-blocking ----

    /**
     * Asks for the next bytes without blocking.
     *
     * @param max most bytes wanted, at least 1
     * @return the bytes or the end of stream, or a failure with the exception a read would throw
     */
    public CompletableFuture<StreamChunk> receiveAsync(final int max) {
        final String what = "read from " + describe();
        if (closed) {
            return CompletableFuture.failedFuture(new SocketException("Socket closed: " + what));
        }
        if (ring != null) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("receiveAsync on exposed rings: "
                + "use the input stream"));
        }
        final CompletableFuture<Envelope> f;
        try {
            f = StreamCalls.request(client, sock, new StreamReceive(connectionId, max));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return f.thenCompose(e -> e.payload() instanceof StreamData d
            ? CompletableFuture.completedFuture(new StreamChunk(d.data().clone(), d.eof()))
            : StreamCalls.failed(e.payload(), what));
    }

    /** A numbered send waiting for room in the window, and the future its caller holds. */
    private record QueuedSend(StreamSend send, CompletableFuture<Envelope> answer) {
    }

    /**
     * Sends {@code data} numbered with its stream offset, so sock appends it in order even after a
     * restart. At most {@link #WINDOW} sends are at sock; the others wait here, and a send that
     * sock's full mailbox refuses is offered again after {@link #RETRY} (a refused send is never
     * dropped: a later one would wait at sock forever for the hole it left).
     */
    private CompletableFuture<Envelope> requestSend(final byte[] data) {
        final CompletableFuture<Envelope> f = new CompletableFuture<>();
        synchronized (sendOrder) {
            waitingSends.add(new QueuedSend(new StreamSend(connectionId, data, sentOffset), f));
            sentOffset += data.length;
        }
        offerSends();
        return f;
    }

    /** Offers sock the waiting sends while the window has room. */
    private void offerSends() {
        while (true) {
            final QueuedSend q;
            synchronized (sendOrder) {
                if (sendsAtSock >= WINDOW || waitingSends.isEmpty()) {
                    return;
                }
                q = waitingSends.poll();
                sendsAtSock++;
            }
            offer(q);
        }
    }

    private void offer(final QueuedSend q) {
        final CompletableFuture<Envelope> f;
        try {
            f = StreamCalls.request(client, sock, q.send());
        } catch (IOException e) {
            answered(q, null, e);
            return;
        }
        f.whenComplete((e, t) -> {
            if (t instanceof NewtClient.MailboxFullException && !closed) {
                CompletableFuture.delayedExecutor(RETRY.toNanos(), TimeUnit.NANOSECONDS).execute(() -> offer(q));
            } else {
                answered(q, e, t);
            }
        });
    }

    private void answered(final QueuedSend q, final Envelope e, final Throwable t) {
        synchronized (sendOrder) {
            sendsAtSock--;
        }
        if (t != null) {
            q.answer().completeExceptionally(t);
        } else {
            q.answer().complete(e);
        }
        offerSends();
    }

    /**
     * Sends bytes without blocking; the data is copied at once.
     *
     * @param data the bytes
     * @return how many bytes sock took (all of them), when it has; or a failure with the exception
     *         a write would throw
     */
    public CompletableFuture<Integer> sendAsync(final byte[] data) {
        final String what = "write " + data.length + " bytes to " + describe();
        if (closed || outputShut) {
            return CompletableFuture.failedFuture(new SocketException((closed ? "Socket closed: " : "Socket output is "
                + "shut down: ") + what));
        }
        if (ring != null) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("sendAsync on exposed rings: "
                + "use the output stream"));
        }
        return requestSend(data.clone()).thenCompose(e -> e.payload() instanceof StreamSent s
            ? CompletableFuture.completedFuture(s.bytes())
            : StreamCalls.failed(e.payload(), what));
    }

    // ---- blocking ----

    private int read(final byte[] b, final int off, final int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        ops.operations.incrementAndGet();
        synchronized (readLock) {
            final long before = ops.readMessages.get();
            try {
                return readLocked(b, off, len);
            } finally {
                if (ops.readMessages.get() != before) {
                    ops.withMessage.incrementAndGet();
                }
            }
        }
    }

    /** Under {@link #readLock}. */
    private int readLocked(final byte[] b, final int off, final int len) throws IOException {
        { // the body that was under the lock, its indentation kept
            if (ring != null) {
                ensureOpen("read from " + describe());
                return ring.read(b, off, len, soTimeout, "read from " + describe());
            }
            while (true) {
                if (leftoverAt < leftover.length) {
                    final int n = Math.min(len, leftover.length - leftoverAt);
                    System.arraycopy(leftover, leftoverAt, b, off, n);
                    leftoverAt += n;
                    return n;
                }
                if (inputEof) {
                    return -1;
                }
                final StreamData d = receive();
                leftover = d.data();
                leftoverAt = 0;
                inputEof = d.eof();
            }
        }
    }

    /** One receive from sock, under {@link #readLock}; a timed-out receive stays asked for. */
    private StreamData receive() throws IOException {
        final String what = "read from " + describe();
        ensureOpen(what);
        CompletableFuture<Envelope> f = pendingReceive;
        if (f == null) {
            f = StreamCalls.request(client, sock, new StreamReceive(connectionId, CHUNK));
            ops.readMessages.addAndGet(2);
            pendingReceive = f;
        }
        final Object reply;
        try {
            reply = StreamCalls.await(f, soTimeout, what);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("Read timed out: no bytes for " + describe() + " within " + soTimeout);
        } finally {
            if (f.isDone()) {
                pendingReceive = null;
            }
        }
        if (reply instanceof StreamData d) {
            return d;
        }
        throw StreamCalls.failure(reply, what);
    }

    private int available() {
        synchronized (readLock) {
            if (ring != null) {
                return ring.available();
            }
            return leftover.length - leftoverAt;
        }
    }

    private void write(final byte[] b, final int off, final int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ops.operations.incrementAndGet();
        synchronized (writeLock) {
            final long before = ops.writeMessages.get();
            try {
                writeLocked(b, off, len);
            } finally {
                if (ops.writeMessages.get() != before) {
                    ops.withMessage.incrementAndGet();
                }
            }
        }
    }

    /** Under {@link #writeLock}. */
    private void writeLocked(final byte[] b, final int off, final int len) throws IOException {
        { // the body that was under the lock, its indentation kept
            final String what = "write to " + describe();
            ensureOpen(what);
            if (outputShut) {
                throw new SocketException("Socket output is shut down: " + what);
            }
            if (ring != null) {
                ring.write(b, off, len, writeTimeout, what);
                return;
            }
            for (int at = off; at < off + len; at += CHUNK) {
                final byte[] chunk = Arrays.copyOfRange(b, at, Math.min(off + len, at + CHUNK));
                final CompletableFuture<Envelope> f = requestSend(chunk);
                ops.writeMessages.addAndGet(2);
                pendingWrite = f;
                final Object reply;
                try {
                    reply = StreamCalls.await(f, writeTimeout, what);
                } catch (SocketTimeoutException e) {
                    throw new SocketTimeoutException("Write timed out: sock took no bytes for " + describe()
                        + " within " + writeTimeout + "; the stream may have lost its place");
                } finally {
                    pendingWrite = null;
                }
                if (!(reply instanceof StreamSent)) {
                    throw StreamCalls.failure(reply, what);
                }
            }
        }
    }

    /**
     * Sends the peer the end of the stream after every byte written so far; reads go on.
     *
     * @throws SocketException        if the socket is closed or sock refused
     * @throws SocketTimeoutException if sock did not answer within the request timeout
     * @throws IOException            if interrupted
     */
    public void shutdownOutput() throws IOException {
        synchronized (writeLock) {
            final String what = "shut down output of " + describe();
            ensureOpen(what);
            if (outputShut) {
                return;
            }
            outputShut = true;
            ops.operations.incrementAndGet();
            ops.withMessage.incrementAndGet();
            if (ring != null) {
                ring.finish(false, requestTimeout, what);
                return;
            }
            ops.otherMessages.addAndGet(2);
            final Object reply = StreamCalls.await(StreamCalls.request(client, sock, new StreamShutdown(connectionId)),
                requestTimeout, what);
            if (!(reply instanceof StreamClosed)) {
                throw StreamCalls.failure(reply, what);
            }
        }
    }

    /**
     * Closes gracefully: the peer gets every byte written and then the end of the stream. Best
     * effort and idempotent, like {@link java.net.Socket#close()}; a read or write under way on
     * another thread ends with a {@link SocketException}.
     */
    @Override
    public void close() {
        close(false);
    }

    /** Resets the connection: buffered bytes are dropped and the peer sees "Connection reset". */
    public void abort() {
        close(true);
    }

    private void close(final boolean abort) {
        if (closed) {
            return;
        }
        closed = true;
        ops.operations.incrementAndGet();
        ops.withMessage.incrementAndGet();
        final RingSocketIo r0 = ring;
        if (r0 == null || abort) {
            ops.otherMessages.addAndGet(2);
        }
        if (r0 != null && !abort) {
            try {
                r0.finish(true, requestTimeout, "close " + describe());
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                    Thread.currentThread().interrupt();
                }
            }
            r0.rings().close();
            r0.cancelWaits(new SocketException("Socket closed: " + describe()));
            return;
        }
        if (r0 != null) {
            r0.rings().close();
            r0.cancelWaits(new SocketException("Socket closed: " + describe()));
        }
        try {
            StreamCalls.await(StreamCalls.request(client, sock, new StreamClose(connectionId, abort)), requestTimeout,
                "close " + describe());
        } catch (IOException e) {
            // Nothing to tell the caller: the socket is closed on this side either way.
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                Thread.currentThread().interrupt();
            }
        }
        final SocketException gone = new SocketException("Socket closed: " + describe());
        final CompletableFuture<Envelope> r = pendingReceive;
        if (r != null) {
            r.completeExceptionally(gone);
        }
        final CompletableFuture<Envelope> w = pendingWrite;
        if (w != null) {
            w.completeExceptionally(gone);
        }
    }

    private void ensureOpen(final String what) throws SocketException {
        if (closed) {
            throw new SocketException("Socket closed: " + what);
        }
    }

    /** @return {@code "connection 3 from a:49152 to 10.0.0.2:80"} */
    String describe() {
        return "connection " + connectionId + " from " + host + ":" + localPort + " to " + remote + ":" + remotePort;
    }

    @Override
    public String toString() {
        return "NewtSocket[" + describe() + (closed ? ", closed" : "") + "]";
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            final byte[] one = new byte[1];
            return NewtSocket.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            return NewtSocket.this.read(b, off, len);
        }

        @Override
        public int available() {
            return NewtSocket.this.available();
        }

        /** Closes the socket, as {@code java.net.Socket}'s input stream does. */
        @Override
        public void close() {
            NewtSocket.this.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(final int b) throws IOException {
            NewtSocket.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            NewtSocket.this.write(b, off, len);
        }

        /** Closes the socket, as {@code java.net.Socket}'s output stream does. */
        @Override
        public void close() {
            NewtSocket.this.close();
        }
    }
}
