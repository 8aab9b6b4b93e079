package dev.newt.net.api;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.net.msg.RingAttach;
import dev.newt.net.msg.RingAttached;
import dev.newt.net.msg.RingFinish;
import dev.newt.net.msg.RingKick;
import dev.newt.net.msg.RingReady;
import dev.newt.net.msg.RingWait;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamClosed;
import dev.newt.net.ring.ByteRing;
import dev.newt.net.ring.RingRegistry;
import dev.newt.net.ring.SocketRings;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application's side of an exposed-buffer connection: a read takes bytes from the receive
 * ring and a write puts them in the send ring, on the caller's thread, with no message; a message
 * goes to sock only when sock said it waits on a ring ({@link RingKick}) or when the caller must
 * block ({@link RingWait}, answered when the ring lets it go on). Before blocking the caller looks
 * at the ring a few more times ({@link #SPINS}, yielding), as a thread polling shared memory would
 * before a system call. One reader thread and one writer thread at a time (the socket's locks).
 */
final class RingSocketIo {
    /** Times a caller that found a ring empty (or full) looks again, yielding, before it blocks. */
    static final int SPINS = 64;

    private final NewtClient client;
    private final String sock;
    private final int connectionId;
    private final SocketRings rings;
    private final SocketOps ops;
    private volatile CompletableFuture<Envelope> readWait;
    private volatile CompletableFuture<Envelope> writeWait;

    private RingSocketIo(final NewtClient client, final String sock, final int connectionId, final SocketRings rings,
                         final SocketOps ops) {
        this.client = client;
        this.sock = sock;
        this.connectionId = connectionId;
        this.rings = rings;
        this.ops = ops;
    }

    /**
     * Opens rings and asks sock to move the connection's bytes through them.
     *
     * @param ops counts the messages to and from sock
     * @return the connection's ring side
     * @throws IOException if sock refused or did not answer within {@code timeout}
     */
    static RingSocketIo attach(final NewtClient client, final String sock, final int connectionId, final int capacity,
                               final Duration timeout, final String what, final SocketOps ops)
        throws IOException {
        final SocketRings rings = RingRegistry.of(client).open(capacity);
        ops.otherMessages.addAndGet(2);
        final Object reply = StreamCalls.await(StreamCalls.request(client, sock, new RingAttach(connectionId,
            rings.id())), timeout, what);
        if (!(reply instanceof RingAttached)) {
            rings.close();
            throw StreamCalls.failure(reply, what);
        }
        return new RingSocketIo(client, sock, connectionId, rings, ops);
    }

    /** @return the rings */
    SocketRings rings() {
        return rings;
    }

    /** @return bytes readable without blocking */
    int available() {
        return rings.receive().readable();
    }

    /**
     * @return bytes read, at least 1, or -1 at the end of the stream
     * @throws IOException on an error of the connection, a timeout or an interrupt
     */
    int read(final byte[] b, final int off, final int len, final Duration timeout, final String what)
        throws IOException {
        final ByteRing ring = rings.receive();
        int spins = 0;
        while (true) {
            final int n = ring.read(b, off, len);
            if (n > 0) {
                if (ring.claimIdle()) {
                    kick(ops.readMessages);
                }
                return n;
            }
            if (rings.error() != null) {
                throw error(what);
            }
            if (rings.eof() && ring.readable() == 0) {
                return -1;
            }
            if (spins++ < SPINS) {
                Thread.yield();
                continue;
            }
            block(false, timeout, what);
            spins = 0;
        }
    }

    /** Writes all of {@code b[off, off + len)}, blocking while the send ring is full. */
    void write(final byte[] b, final int off, final int len, final Duration timeout, final String what)
        throws IOException {
        final ByteRing ring = rings.send();
        int at = off;
        int spins = 0;
        while (at < off + len) {
            if (rings.error() != null) {
                throw error(what);
            }
            final int n = ring.write(b, at, off + len - at);
            if (n > 0) {
                at += n;
                spins = 0;
                if (ring.claimIdle()) {
                    kick(ops.writeMessages);
                }
                continue;
            }
            if (spins++ < SPINS) {
                Thread.yield();
                continue;
            }
            block(true, timeout, what);
            spins = 0;
        }
    }

    /**
     * Shuts down output ({@code close} false) or closes gracefully after every byte written.
     *
     * @throws IOException if sock refused or did not answer within {@code timeout}
     */
    void finish(final boolean close, final Duration timeout, final String what) throws IOException {
        ops.otherMessages.addAndGet(2);
        final Object reply = StreamCalls.await(StreamCalls.request(client, sock, new RingFinish(connectionId,
            rings.send().tail(), close)), timeout, what);
        if (close) {
            rings.close();
        }
        if (!(reply instanceof StreamClosed)) {
            throw StreamCalls.failure(reply, what);
        }
    }

    /** Ends a read or write blocked on another thread: the socket was closed. */
    void cancelWaits(final SocketException gone) {
        final CompletableFuture<Envelope> r = readWait;
        if (r != null) {
            r.completeExceptionally(gone);
        }
        final CompletableFuture<Envelope> w = writeWait;
        if (w != null) {
            w.completeExceptionally(gone);
        }
    }

    private void kick(final AtomicLong messages) {
        messages.incrementAndGet();
        client.send(sock, new RingKick(connectionId));
    }

    private void block(final boolean send, final Duration timeout, final String what) throws IOException {
        (send ? ops.writeMessages : ops.readMessages).addAndGet(2);
        final CompletableFuture<Envelope> f = StreamCalls.request(client, sock, new RingWait(connectionId, send));
        if (send) {
            writeWait = f;
        } else {
            readWait = f;
        }
        final Object reply;
        try {
            reply = StreamCalls.await(f, timeout, what);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException((send ? "Write" : "Read") + " timed out: " + what + " within " + timeout);
        } finally {
            if (send) {
                writeWait = null;
            } else {
                readWait = null;
            }
        }
        if (!(reply instanceof RingReady)) {
            throw StreamCalls.failure(reply, what);
        }
    }

    private IOException error(final String what) {
        return StreamCalls.failure(new SocketError(rings.errorCode(), rings.error()), what);
    }
}
