package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Request: after every byte of the send ring up to {@code end}, shut the connection's output down
 * ({@code close} false) or close it gracefully ({@code close} true). Answered with
 * {@link StreamClosed}, or {@link SocketError}.
 *
 * <p>Long-lived by design: it waits for the bytes before it.
 *
 * @param connectionId the connection
 * @param end          the send ring's tail when the application finished writing
 * @param close        whether to close rather than shut down output
 */
public record RingFinish(int connectionId, long end, boolean close) implements LongLived {
}
