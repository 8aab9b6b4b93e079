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
