package dev.newt.net.topology;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.api.TransportStack;
import dev.newt.net.host.HostConfig;
import dev.newt.net.ip.IpServer;
import dev.newt.net.link.LinkSpecs;
import dev.newt.net.link.WireConfig;
import dev.newt.net.pf.PfRules;
import dev.newt.net.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Hosts and the wires between them, assembled into the servers of a runtime:
 * <pre>{@code
 * Topology t = Topology.builder()
 *     .host("a", "10.0.0.1/24")
 *     .host("b", "10.0.0.2/24")
 *     .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).loss(0.01))
 *     .build();
 * t.install(NewtRuntime.builder().seed(1));
 * }</pre>
 * Each host has one interface and the servers nic, ip, pf, udp and sock; each wire joins two
 * hosts. Server specs can be adjusted (recovery policy, checkpoints) by name.
 */
public final class Topology {
    private final Map<String, HostConfig> hosts;
    private final List<ServerSpec<?>> specs;

    private Topology(final Map<String, HostConfig> hosts, final List<ServerSpec<?>> specs) {
        this.hosts = Collections.unmodifiableMap(hosts);
        this.specs = List.copyOf(specs);
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @param name a host @return its configuration @throws IllegalArgumentException if unknown */
    public HostConfig host(final String name) {
        final HostConfig h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host named '" + name + "'; hosts: " + hosts.keySet());
        }
        return h;
    }

    /** @return every host, in the order added */
    public Map<String, HostConfig> hosts() {
        return hosts;
    }

    /** @return the specs of every server: wires first, then each host's servers */
    public List<ServerSpec<?>> specs() {
        return specs;
    }

    /** @param runtime a runtime builder to add every server to @return the same builder */
    public NewtRuntime.Builder install(final NewtRuntime.Builder runtime) {
        specs.forEach(runtime::server);
        return runtime;
    }

    /** Collects hosts and wires; validates as it goes, naming the offending host or wire. */
    public static final class Builder {
        private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
        private final Map<String, WireConfig> wires = new LinkedHashMap<>();
        private final Map<String, UnaryOperator<ServerSpec<?>>> adjustments = new LinkedHashMap<>();

        private record HostSpec(String name, String cidr, Ipv4Address gateway, PfRules rules) {
        }

        private Builder() {
        }

        /** @param name host name @param cidr address and prefix, e.g. {@code 10.0.0.1/24} @return this */
        public Builder host(final String name, final String cidr) {
            return host(name, cidr, Ipv4Address.ANY, PfRules.allowAll());
        }

        /**
         * @param name    host name
         * @param cidr    address and prefix
         * @param gateway default gateway, or {@link Ipv4Address#ANY}
         * @param rules   the host's packet filter rules
         * @return this
         */
        public Builder host(final String name, final String cidr, final Ipv4Address gateway, final PfRules rules) {
            if (hosts.containsKey(name)) {
                throw new IllegalArgumentException("host '" + name + "' is defined twice");
            }
            hosts.put(name, new HostSpec(name, cidr, gateway, rules));
            return this;
        }

        /**
         * Joins two hosts with a wire named {@code wire.<a>-<b>}.
         *
         * @param a      one host
         * @param b      the other
         * @param config adjusts the wire's settings (latency, bandwidth, impairments, capture)
         * @return this
         */
        public Builder wire(final String a, final String b, final UnaryOperator<WireConfig> config) {
            for (String h : List.of(a, b)) {
                if (!hosts.containsKey(h)) {
                    throw new IllegalArgumentException("wire " + a + "-" + b + ": no host named '" + h
                        + "' (define hosts before wires)");
                }
                for (WireConfig w : wires.values()) {
                    if (w.endA().equals(nicOf(h)) || w.endB().equals(nicOf(h))) {
                        throw new IllegalArgumentException("wire " + a + "-" + b + ": host '" + h
                            + "' already has its one interface on " + w.name());
                    }
                }
            }
            final String name = "wire." + a + "-" + b;
            wires.put(name, config.apply(WireConfig.between(name, nicOf(a), nicOf(b))));
            return this;
        }

        /** Joins two hosts with a perfect wire. @param a one host @param b the other @return this */
        public Builder wire(final String a, final String b) {
            return wire(a, b, w -> w);
        }

        /**
         * Adjusts one server's spec, for example {@code configure("a.pf", s -> s.withRecovery(FRESH))}.
         *
         * @param server     the server's name, such as {@code a.tcp} or {@code wire.a-b}
         * @param adjustment applied to its spec when the topology is built
         * @return this
         */
        public Builder configure(final String server, final UnaryOperator<ServerSpec<?>> adjustment) {
            adjustments.merge(server, adjustment, (x, y) -> s -> y.apply(x.apply(s)));
            return this;
        }

        private static String nicOf(final String host) {
            return host + ".nic";
        }

        /** @return the topology @throws IllegalArgumentException for an unwired host or unknown server */
        public Topology build() {
            final Map<String, HostConfig> configs = new LinkedHashMap<>();
            final List<ServerSpec<?>> specs = new ArrayList<>();
            for (WireConfig w : wires.values()) {
                specs.add(LinkSpecs.wire(w));
            }
            for (HostSpec h : hosts.values()) {
                final String link = wires.values().stream()
                    .filter(w -> w.endA().equals(nicOf(h.name())) || w.endB().equals(nicOf(h.name())))
                    .map(WireConfig::name).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("host '" + h.name() + "' has no wire"));
                final HostConfig c = HostConfig.of(h.name(), h.cidr(), link).withGateway(h.gateway());
                configs.put(h.name(), c);
                specs.add(LinkSpecs.nic(c));
                specs.add(IpServer.spec(c));
                specs.addAll(TransportStack.specs(c, h.rules()));
            }
            final List<ServerSpec<?>> adjusted = new ArrayList<>();
            final Map<String, UnaryOperator<ServerSpec<?>>> left = new LinkedHashMap<>(adjustments);
            for (ServerSpec<?> s : specs) {
                final UnaryOperator<ServerSpec<?>> adj = left.remove(s.name());
                adjusted.add(adj == null ? s : adj.apply(s));
            }
            if (!left.isEmpty()) {
                throw new IllegalArgumentException("configure: no server named " + left.keySet() + "; servers: "
                    + adjusted.stream().map(ServerSpec::name).toList());
            }
            return new Topology(configs, adjusted);
        }
    }
}
