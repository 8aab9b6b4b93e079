package dev.newt.net.pf;

import dev.newt.net.wire.Ipv4Address;

/**
 * What the filter looks at in a packet.
 *
 * @param direction       {@link PfDirection#IN} or {@link PfDirection#OUT}
 * @param protocol        IP protocol number
 * @param source          source address
 * @param sourcePort      source port, or {@link PortRange#NONE} for a portless protocol
 * @param destination     destination address
 * @param destinationPort destination port, or {@link PortRange#NONE}
 */
public record PfPacket(PfDirection direction, int protocol, Ipv4Address source, int sourcePort,
                       Ipv4Address destination, int destinationPort) {
}
