package dev.newt.net.host;

/** The names of a host's servers: {@code <host>.nic}, {@code <host>.ip}, and so on. */
public final class HostNames {
    /** The driver of the host's link. */
    public static final String NIC = "nic";
    /** IPv4, ARP and ICMP. */
    public static final String IP = "ip";
    /** The packet filter. */
    public static final String PF = "pf";
    /** UDP. */
    public static final String UDP = "udp";
    /** TCP. */
    public static final String TCP = "tcp";
    /** The socket server applications talk to. */
    public static final String SOCK = "sock";

    private HostNames() {
    }

    /** @param host host name @param server one of the constants @return the server's runtime name */
    public static String of(final String host, final String server) {
        return host + "." + server;
    }

    /**
     * The name of a server of one replica of a host's stack: replica 0 keeps the host's usual
     * names, so a host with one replica is named as before; replica {@code r > 0} appends
     * {@code #r}, as {@code a.tcp#1}.
     *
     * @param host    host name
     * @param server  one of the constants (not the nic, which is not replicated)
     * @param replica the replica's index
     * @return the server's runtime name
     */
    public static String replica(final String host, final String server, final int replica) {
        return replica == 0 ? of(host, server) : of(host, server) + "#" + replica;
    }

    /**
     * @param server a server's name, such as {@code a.tcp#1} or {@code a.tcp}
     * @return the replica it belongs to: the index after '#', or 0 without one
     */
    public static int replicaOf(final String server) {
        final int hash = server.lastIndexOf('#');
        return hash < 0 ? 0 : Integer.parseInt(server.substring(hash + 1));
    }

    /** @param server a server's name @return it without a replica's {@code #r} */
    public static String withoutReplica(final String server) {
        final int hash = server.lastIndexOf('#');
        return hash < 0 ? server : server.substring(0, hash);
    }

    /** @param host host name @return its nic's name */
    public static String nic(final String host) {
        return of(host, NIC);
    }

    /** @param host host name @return its ip's name */
    public static String ip(final String host) {
        return of(host, IP);
    }

    /** @param host host name @return its pf's name */
    public static String pf(final String host) {
        return of(host, PF);
    }

    /** @param host host name @return its udp's name */
    public static String udp(final String host) {
        return of(host, UDP);
    }

    /** @param host host name @return its tcp's name */
    public static String tcp(final String host) {
        return of(host, TCP);
    }

    /** @param host host name @return its sock's name */
    public static String sock(final String host) {
        return of(host, SOCK);
    }
}
