package dev.newt.campaign.spec;

import dev.newt.net.host.HostNames;
import dev.newt.net.ip.IpServer;
import dev.newt.net.link.WireServer;
import dev.newt.net.nic.NicServer;
import dev.newt.net.pf.PfServer;
import dev.newt.net.sock.SockServer;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.udp.UdpServer;
import java.util.Arrays;

/**
 * The kinds of server a fault can be placed in, with the classes a woven copy is loaded from. Each
 * is loaded from an image of its package (see {@code ServerImage.of}), so its woven classes are
 * separate from the rest of the system's.
 */
public enum StackServer {
    /** A wire between two hosts, {@code wire.<a>-<b>}. */
    WIRE("wire", WireServer.class),
    /** A host's link driver. */
    NIC("nic", NicServer.class),
    /** IPv4, ARP and ICMP. */
    IP("ip", IpServer.class),
    /** The packet filter. */
    PF("pf", PfServer.class),
    /** UDP. */
    UDP("udp", UdpServer.class),
    /** TCP. */
    TCP("tcp", TcpServer.class),
    /** The socket server. */
    SOCK("sock", SockServer.class);

    private final String layer;
    private final Class<?> serverClass;

    StackServer(final String layer, final Class<?> serverClass) {
        this.layer = layer;
        this.serverClass = serverClass;
    }

    /** @return the layer's name, the last part of a host's server name */
    public String layer() {
        return layer;
    }

    /** @return the server class */
    public Class<?> serverClass() {
        return serverClass;
    }

    /** @return the binary name of its state class, {@code <server class>$State} */
    public String stateClassName() {
        return serverClass.getName() + "$State";
    }

    /**
     * @param server a server name such as {@code b.tcp}, {@code b.tcp#1} (a replica's) or {@code wire.a-b}
     * @return its kind
     * @throws IllegalArgumentException naming the server when it is none of these
     */
    public static StackServer of(final String server) {
        if (server.startsWith("wire.")) {
            return WIRE;
        }
        final String name = HostNames.withoutReplica(server);
        final String layer = name.substring(name.lastIndexOf('.') + 1);
        return Arrays.stream(values()).filter(s -> s != WIRE && s.layer.equals(layer)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("server '" + server + "' is not a wire or a host's "
                + "nic, ip, pf, udp, tcp or sock"));
    }
}
