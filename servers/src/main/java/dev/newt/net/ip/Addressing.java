package dev.newt.net.ip;

import dev.newt.net.host.HostConfig;
import dev.newt.net.wire.Ipv4Address;

/** What this host's one interface makes of an IPv4 address: ours, a broadcast, a neighbour. */
final class Addressing {
    private final HostConfig host;
    /** Directed broadcast of our subnet, or null for /31 and /32, which have none (RFC 3021). */
    private final Ipv4Address subnetBroadcast;

    /** @param host the host's configuration */
    Addressing(final HostConfig host) {
        this.host = host;
        this.subnetBroadcast = host.prefixLength() <= 30 ? host.address().subnetBroadcast(host.prefixLength()) : null;
    }

    /** @param a an address @return whether it is this host's */
    boolean isOurs(final Ipv4Address a) {
        return host.address().equals(a);
    }

    /** @param a an address @return whether it is 255.255.255.255 or our subnet's broadcast */
    boolean isBroadcast(final Ipv4Address a) {
        return a.isLimitedBroadcast() || a.equals(subnetBroadcast);
    }

    /** @param a a received datagram's destination @return whether this host takes it */
    boolean acceptsDestination(final Ipv4Address a) {
        return isOurs(a) || isBroadcast(a);
    }

    /**
     * @param a an address
     * @return whether it can name one host: not 0.0.0.0, a broadcast, multicast, loopback or class E
     */
    boolean isUnicast(final Ipv4Address a) {
        return !a.equals(Ipv4Address.ANY) && !isBroadcast(a) && !a.isMulticast() && !a.isLoopback()
            && (a.bits() >>> 28) != 0xF;
    }

    /** @param a an address @return whether it is another unicast host on our subnet */
    boolean isNeighbour(final Ipv4Address a) {
        return isUnicast(a) && !isOurs(a) && host.onLink(a);
    }
}
