package dev.newt.net.api;

import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.pf.PfRules;
import dev.newt.net.pf.PfServer;
import dev.newt.net.sock.SockServer;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.udp.UdpServer;
import java.util.List;

/**
 * The specs of a host's servers above ip, with their defaults (see {@link PfServer#spec},
 * {@link UdpServer#spec}, {@link SockServer#spec}), for a topology builder. The host's ip
 * ({@code <host>.ip}) must be added besides them.
 */
public final class TransportStack {
    private TransportStack() {
    }

    /**
     * @param config the host
     * @param rules  its packet filter's rules
     * @return the specs of {@code <host>.pf}, {@code <host>.udp}, {@code <host>.tcp} and {@code <host>.sock}
     */
    public static List<ServerSpec<?>> specs(final HostConfig config, final PfRules rules) {
        return List.of(PfServer.spec(config, rules), UdpServer.spec(config), TcpServer.spec(config),
            SockServer.spec(config));
    }
}
