package dev.newt.net.api;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.net.msg.SocketError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the stream socket API asks sock and turns its answers into {@code java.net} exceptions:
 * {@code REFUSED} is a {@link ConnectException}, {@code RESET} a {@link SocketException}
 * "Connection reset", {@code TIMED_OUT} a {@link SocketTimeoutException}, {@code ADDRESS_IN_USE}
 * a {@link BindException}, {@code NO_ROUTE} a {@link NoRouteToHostException}; each message names
 * what was being done, to which host, address and port.
 */
final class StreamCalls {
    /** A wait without a limit. */
    static final Duration FOREVER = Duration.ZERO;

    private StreamCalls() {
    }

    /**
     * @return the future answer
     * @throws UnknownHostException if the runtime has no such sock server
     */
    static CompletableFuture<Envelope> request(final NewtClient client, final String sock, final Object payload)
        throws UnknownHostException {
        try {
            return client.request(sock, payload);
        } catch (IllegalArgumentException e) {
            final UnknownHostException u = new UnknownHostException("no socket server '" + sock
                + "' in this runtime: is '" + sock.substring(0, Math.max(0, sock.lastIndexOf('.'))) + "' a host?");
            u.initCause(e);
            throw u;
        }
    }

    /**
     * Waits for an answer; a timeout leaves the request asked.
     *
     * @param timeout the longest wait; {@link #FOREVER} (zero) for none
     * @return the answer's payload
     * @throws SocketTimeoutException on timeout
     * @throws SocketException        if the request could not be delivered or the socket was closed
     * @throws InterruptedIOException if interrupted; the interrupt flag is set again
     */
    static Object await(final CompletableFuture<Envelope> f, final Duration timeout, final String what)
        throws IOException {
        try {
            final Envelope e = timeout.isZero() ? f.get() : f.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return e.payload();
        } catch (TimeoutException e) {
            throw new SocketTimeoutException(what + ": no answer within " + timeout);
        } catch (ExecutionException e) {
            throw asIo(e.getCause(), what);
        } catch (CancellationException e) {
            throw new SocketException(what + ": cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + ": interrupted while waiting");
        }
    }

    /** @return {@code t} as an IOException naming {@code what} */
    static IOException asIo(final Throwable t, final String what) {
        final Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof IOException io) {
            return io;
        }
        return new SocketException(what + ": " + cause.getMessage());
    }

    /**
     * @param reply a refusal from sock (or an answer of the wrong kind)
     * @param what  what was being done, naming the host, address and port
     * @return the exception to throw
     */
    static IOException failure(final Object reply, final String what) {
        if (!(reply instanceof SocketError err)) {
            return new SocketException(what + ": unexpected answer " + reply);
        }
        final String detail = what + " (" + err.code() + ": " + err.message() + ")";
        switch (err.code()) {
            case "REFUSED":
                return new ConnectException("Connection refused: " + detail);
            case "RESET":
                return new SocketException("Connection reset: " + detail);
            case "TIMED_OUT":
                return new SocketTimeoutException("Connection timed out: " + detail);
            case "ADDRESS_IN_USE":
                return new BindException("Address already in use: " + detail);
            case "NO_ROUTE":
                return new NoRouteToHostException("No route to host: " + detail);
            case "CLOSED":
            case "BAD_SOCKET":
                return new SocketException("Socket closed: " + detail);
            default:
                return new SocketException(detail);
        }
    }

    /** Completes {@code f} exceptionally from a refusal or an unexpected answer. */
    static <T> CompletableFuture<T> failed(final Object reply, final String what) {
        return CompletableFuture.failedFuture(failure(reply, what));
    }
}
