package dev.newt.net.pf;

/**
 * One tracked flow, as the filter keeps it in its checkpointed state: a plain object with public
 * fields for Jackson. Ports are {@link PortRange#NONE} for a portless protocol.
 */
public final class Flow {
    /** IP protocol number. */
    public int protocol;
    /** This host's address, dotted quad. */
    public String localAddress;
    /** This host's port. */
    public int localPort;
    /** The peer's address, dotted quad. */
    public String remoteAddress;
    /** The peer's port. */
    public int remotePort;
    /** Runtime clock when the flow was created, in nanoseconds. */
    public long created;
    /** Runtime clock of its last packet, in nanoseconds. */
    public long lastSeen;

    /** For Jackson. */
    public Flow() {
    }

    /**
     * @param protocol      IP protocol number
     * @param localAddress  this host's address
     * @param localPort     this host's port
     * @param remoteAddress the peer's address
     * @param remotePort    the peer's port
     * @param now           runtime clock
     */
    public Flow(final int protocol, final String localAddress, final int localPort, final String remoteAddress,
                final int remotePort, final long now) {
        this.protocol = protocol;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.created = now;
        this.lastSeen = now;
    }

    /**
     * The key of a flow in the table, the same whichever way its packets go.
     *
     * @param protocol      IP protocol number
     * @param localAddress  this host's address
     * @param localPort     this host's port
     * @param remoteAddress the peer's address
     * @param remotePort    the peer's port
     * @return {@code "17 10.0.0.1:49152 > 10.0.0.2:7"}
     */
    public static String key(final int protocol, final String localAddress, final int localPort,
                             final String remoteAddress, final int remotePort) {
        return protocol + " " + localAddress + ":" + localPort + " > " + remoteAddress + ":" + remotePort;
    }

    /** @return this flow's key */
    public String key() {
        return key(protocol, localAddress, localPort, remoteAddress, remotePort);
    }

    @Override
    public String toString() {
        return "Flow[" + key() + ", lastSeen=" + lastSeen + "]";
    }
}
