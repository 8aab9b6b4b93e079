package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Request: append bytes to a connection's send buffer. Answered with {@link StreamSent} once all of
 * them are in the buffer (which may wait for the peer to acknowledge earlier data: this is how a
 * sender is flow-controlled), or {@link SocketError} ({@code RESET}, {@code CLOSED}).
 *
 * <p>An application that keeps several sends outstanding numbers them with {@code offset}, the
 * position of the first byte in the connection's stream (from 0). sock appends them in offset
 * order, whatever order they arrive in: after sock restarts, a send the dead incarnation took is
 * resubmitted by the application and may arrive after later ones.
 *
 * <p>Long-lived by design ({@link LongLived}: no request deadline): it waits for room in the send buffer,
 * bounded by tcp's retransmissions.
 *
 * @param connectionId the connection
 * @param data         the bytes; never changed
 * @param offset       stream position of {@code data[0]}, or {@link #UNORDERED} to append in arrival order
 */
public record StreamSend(int connectionId, byte[] data, long offset) implements LongLived {
    /** The offset of a send appended in the order it arrives: for one outstanding send at a time. */
    public static final long UNORDERED = -1;

    /**
     * A send appended in arrival order.
     *
     * @param connectionId the connection
     * @param data         the bytes
     */
    public StreamSend(final int connectionId, final byte[] data) {
        this(connectionId, data, UNORDERED);
    }
}
