package dev.newt.campaign.spec;

import dev.newt.net.host.HostNames;
import java.util.ArrayList;
import java.util.List;

/**
 * A host of the system under test.
 *
 * @param name          host name, the prefix of its servers' names
 * @param address       address and prefix, such as {@code 10.0.0.1/24}
 * @param pfDefault     the packet filter's default action, {@code allow} or {@code deny}
 * @param pfRules       the packet filter's rules in pf's syntax, such as {@code allow out udp}
 * @param replicas      how many independent replicas of its stack (ip, pf, udp, tcp, sock) the host
 *                      runs behind its nic, 1 (the default) and up
 */
public record HostModel(String name, String address, String pfDefault, List<String> pfRules, int replicas) {
    /** Freezes the rules. */
    public HostModel {
        pfRules = List.copyOf(pfRules);
    }

    /** A host with one stack. */
    public HostModel(final String name, final String address, final String pfDefault, final List<String> pfRules) {
        this(name, address, pfDefault, pfRules, 1);
    }

    /**
     * @param layer one of {@link SystemModel#LAYERS}
     * @return the names of that layer's servers: one for the nic, one per replica for the others
     *         ({@code a.tcp}, {@code a.tcp#1}, ...)
     */
    public List<String> servers(final String layer) {
        final List<String> out = new ArrayList<>();
        final int n = layer.equals("nic") ? 1 : replicas;
        for (int r = 0; r < n; r++) {
            out.add(HostNames.replica(name, layer, r));
        }
        return out;
    }
}
