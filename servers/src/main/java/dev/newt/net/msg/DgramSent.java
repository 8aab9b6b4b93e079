package dev.newt.net.msg;

/**
 * Reply to {@link DgramSendTo}: handed to udp (UDP gives no delivery guarantee).
 *
 * @param bytes payload bytes sent
 */
public record DgramSent(int bytes) {
}
