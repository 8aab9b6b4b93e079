package dev.newt.campaign.spec;

import dev.newt.net.host.HostNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The system under test: hosts, the wires between them and the supervision of their servers.
 *
 * @param hosts      the hosts
 * @param links      the wires
 * @param servers    supervision settings, applied in order (a later match overrides an earlier one)
 * @param monolithic whether each host's stack runs as one composite server
 * @param components the user's own servers and workloads, in file order
 */
public record SystemModel(List<HostModel> hosts, List<LinkModel> links, List<ServerSettings> servers,
                          boolean monolithic, List<UserComponent> components) {
    /** The layers of every host's stack, bottom up. */
    public static final List<String> LAYERS = List.of("nic", "ip", "pf", "udp", "tcp", "sock");

    /** Freezes the lists. */
    public SystemModel {
        hosts = List.copyOf(hosts);
        links = List.copyOf(links);
        servers = List.copyOf(servers);
        components = List.copyOf(components);
    }

    /** A system of Newt's own servers only. */
    public SystemModel(final List<HostModel> hosts, final List<LinkModel> links, final List<ServerSettings> servers,
                       final boolean monolithic) {
        this(hosts, links, servers, monolithic, List.of());
    }

    /** @param servers other supervision settings @return this system with them */
    public SystemModel withServers(final List<ServerSettings> servers) {
        return new SystemModel(hosts, links, servers, monolithic, components);
    }

    /**
     * @return the servers a fault can be placed in: every wire, then every host's layers (with
     *         replicas: its nic, then replica 0's layers as {@code a.ip}, ..., then replica 1's as
     *         {@code a.ip#1}, ...), then the user's servers
     */
    public List<String> injectableServers() {
        final List<String> out = new ArrayList<>();
        links.forEach(l -> out.add(l.wireName()));
        for (HostModel h : hosts) {
            out.add(h.name() + ".nic");
            for (int r = 0; r < h.replicas(); r++) {
                for (String layer : LAYERS.subList(1, LAYERS.size())) {
                    out.add(HostNames.replica(h.name(), layer, r));
                }
            }
        }
        components.forEach(u -> out.add(u.name()));
        return out;
    }
}
