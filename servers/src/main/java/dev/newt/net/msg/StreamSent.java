package dev.newt.net.msg;

/**
 * Reply to {@link StreamSend}.
 *
 * @param bytes bytes taken into the send buffer
 */
public record StreamSent(int bytes) {
}
