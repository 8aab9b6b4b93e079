package dev.newt.net.tcp;

/**
 * The payload of a tcp timer envelope. A timer names what it is for, so that one that outlived its
 * purpose (its connection gone, or re-armed since) is recognised and ignored.
 *
 * @param connection the connection's id
 * @param kind       which of its timers
 * @param generation the {@link TimerSlot#generation} it was armed with
 */
public record TcpTimer(int connection, TimerKind kind, long generation) {
}
