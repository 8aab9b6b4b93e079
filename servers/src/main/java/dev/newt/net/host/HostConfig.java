package dev.newt.net.host;

import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.MacAddress;
import java.util.Objects;

/**
 * The fixed configuration of one host: its name, its one interface's hardware and IPv4 address,
 * and its default gateway. Configuration is not state: it is given to every incarnation of the
 * host's servers by their factories and never checkpointed.
 *
 * @param name         host name, also the prefix of its servers' names
 * @param mac          hardware address of its interface
 * @param address      IPv4 address of its interface
 * @param prefixLength subnet prefix length, 0..32
 * @param gateway      default gateway, or {@link Ipv4Address#ANY} for none
 * @param link         name of the link server (a wire) the host's nic is attached to
 * @param mtu          the interface's MTU: the largest IPv4 datagram it sends, header included
 * @param replica      which replica of the host's stack (ip, pf, udp, tcp, sock) this configuration
 *                     is given to, 0 .. {@code replicas - 1}; the nic and the applications see replica 0
 * @param replicas     how many independent replicas of the stack the host runs behind its nic, 1 by
 *                     default (see {@link HostNames#replica})
 */
public record HostConfig(String name, MacAddress mac, Ipv4Address address, int prefixLength, Ipv4Address gateway,
                         String link, int mtu, int replica, int replicas) {
    /** Ethernet's MTU, the default. */
    public static final int ETHERNET_MTU = 1500;
    /** Smallest MTU IPv4 allows (RFC 791). */
    public static final int MIN_MTU = 68;
    /** Largest MTU an Ethernet frame's 16-bit length field allows here. */
    public static final int MAX_MTU = 65535 - 14;

    /** Largest number of replicas of a host's stack. */
    public static final int MAX_REPLICAS = 64;

    /** Validates the fields, naming the host. */
    public HostConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, () -> "host '" + name + "': mac is required");
        Objects.requireNonNull(address, () -> "host '" + name + "': address is required");
        Objects.requireNonNull(gateway, () -> "host '" + name + "': gateway is required (ANY for none)");
        Objects.requireNonNull(link, () -> "host '" + name + "': link is required");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("host '" + name + "': prefix length must be 0..32, was " + prefixLength);
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("host '" + name + "': mtu must be " + MIN_MTU + ".." + MAX_MTU
                + ", was " + mtu);
        }
        if (!gateway.equals(Ipv4Address.ANY) && !gateway.inSubnet(address.network(prefixLength), prefixLength)) {
            throw new IllegalArgumentException("host '" + name + "': gateway " + gateway + " is not in "
                + address.network(prefixLength) + "/" + prefixLength);
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("host '" + name + "': replicas must be 1.." + MAX_REPLICAS + ", was "
                + replicas);
        }
        if (replica < 0 || replica >= replicas) {
            throw new IllegalArgumentException("host '" + name + "': replica must be 0.." + (replicas - 1) + ", was "
                + replica);
        }
    }

    /** A host with one stack (replica 0 of 1), as every host was before replicas. */
    public HostConfig(final String name, final MacAddress mac, final Ipv4Address address, final int prefixLength,
                      final Ipv4Address gateway, final String link, final int mtu) {
        this(name, mac, address, prefixLength, gateway, link, mtu, 0, 1);
    }

    /**
     * A host with a hardware address derived from its IPv4 address (02:00 and the four octets,
     * locally administered), no gateway, Ethernet's MTU, attached to {@code link}.
     *
     * @param name     host name
     * @param cidr     address and prefix, such as {@code 10.0.0.1/24}
     * @param link     name of the link server
     * @return the configuration
     * @throws IllegalArgumentException naming the host and the bad address
     */
    public static HostConfig of(final String name, final String cidr, final String link) {
        final int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("host '" + name + "': address '" + cidr
                + "' needs a prefix length, such as 10.0.0.1/24");
        }
        final Ipv4Address addr;
        final int prefix;
        try {
            addr = Ipv4Address.parse(cidr.substring(0, slash));
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host '" + name + "': bad address '" + cidr + "': " + e.getMessage(), e);
        }
        final MacAddress mac = new MacAddress(0x0200_0000_0000L | (addr.bits() & 0xFFFF_FFFFL));
        return new HostConfig(name, mac, addr, prefix, Ipv4Address.ANY, link, ETHERNET_MTU);
    }

    /** @param gw default gateway @return a copy with that gateway */
    public HostConfig withGateway(final Ipv4Address gw) {
        return new HostConfig(name, mac, address, prefixLength, gw, link, mtu, replica, replicas);
    }

    /** @param bytes the interface's MTU @return a copy with that MTU */
    public HostConfig withMtu(final int bytes) {
        return new HostConfig(name, mac, address, prefixLength, gateway, link, bytes, replica, replicas);
    }

    /** @param n how many replicas of the stack the host runs @return a copy with that many, as replica 0 */
    public HostConfig withReplicas(final int n) {
        return new HostConfig(name, mac, address, prefixLength, gateway, link, mtu, 0, n);
    }

    /** @param r a replica's index @return the configuration given to that replica's servers */
    public HostConfig asReplica(final int r) {
        return new HostConfig(name, mac, address, prefixLength, gateway, link, mtu, r, replicas);
    }

    /**
     * @param server one of {@link HostNames}' constants
     * @return that server's runtime name in this replica: {@code <host>.<server>}, or
     *         {@code <host>.<server>#<replica>} for a replica other than 0 (the nic is never replicated)
     */
    public String server(final String server) {
        return server.equals(HostNames.NIC) ? HostNames.of(name, server) : HostNames.replica(name, server, replica);
    }

    /** @param other an address @return whether it is on this host's subnet */
    public boolean onLink(final Ipv4Address other) {
        return other.inSubnet(address.network(prefixLength), prefixLength);
    }
}
