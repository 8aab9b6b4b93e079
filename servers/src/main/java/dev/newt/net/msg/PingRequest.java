package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * Asks ip to send one ICMP echo request; the reply goes to the sender of this message as a
 * {@link PingReply}.
 *
 * @param destination the host to ping
 * @param identifier  ICMP identifier, chosen by the pinger (ip routes replies back by it)
 * @param sequence    ICMP sequence number
 * @param data        echo payload
 */
public record PingRequest(Ipv4Address destination, int identifier, int sequence, byte[] data) {
}
