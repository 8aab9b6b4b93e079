package dev.newt.net.api;

import dev.newt.net.wire.Ipv4Address;

/**
 * A datagram {@link NewtDatagramSocket#receive} returned.
 *
 * @param source     the sender's address
 * @param sourcePort the sender's port
 * @param data       the payload, the caller's to keep
 */
public record ReceivedDatagram(Ipv4Address source, int sourcePort, byte[] data) {

    /** @return the payload length in bytes */
    public int length() {
        return data.length;
    }
}
