package dev.newt.campaign.spec;

import java.util.List;

/**
 * A host of the system under test.
 *
 * @param name          host name, the prefix of its servers' names
 * @param address       address and prefix, such as {@code 10.0.0.1/24}
 * @param pfDefault     the packet filter's default action, {@code allow} or {@code deny}
 * @param pfRules       the packet filter's rules in pf's syntax, such as {@code allow out udp}
 */
public record HostModel(String name, String address, String pfDefault, List<String> pfRules) {
    /** Freezes the rules. */
    public HostModel {
        pfRules = List.copyOf(pfRules);
    }
}
