package dev.newt.net.topology;

import dev.newt.core.composite.CompositeSpecs;
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
import java.util.Objects;
import java.util.function.Function;
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
 * Each host has one interface and the servers nic, ip, pf, udp and sock (and any more given by
 * {@link Builder#stackServers}); each wire joins two hosts, or a host and an endpoint outside the
 * topology ({@link Builder#wireTo}). Server specs can be adjusted (recovery
 * policy, checkpoints) by name. A host may run several isolated replicas of its stack behind its
 * nic ({@link Builder#replicas}): {@code a.tcp}, {@code a.tcp#1}, ...
 *
 * <p>In the monolithic configuration ({@link Builder#monolithic(boolean)}) the same servers of a
 * host run as one composite server named {@code <host>.stack} (see
 * {@link dev.newt.core.composite.CompositeServer}): the layers call each other directly instead
 * of sending messages, while wires, applications and tests address them by their usual names,
 * which are the composite's aliases.
 */
public final class Topology {
    /** The last part of the name of a host's monolithic stack server, {@code <host>.stack}. */
    public static final String STACK = "stack";

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

    /** @param host a host name @return the name of its monolithic stack server, {@code <host>.stack} */
    public static String stackOf(final String host) {
        return host + "." + STACK;
    }

    /** @return every host, in the order added */
    public Map<String, HostConfig> hosts() {
        return hosts;
    }

    /**
     * @return the specs of every server: wires first, then each host's servers (or its one stack
     *         server, for a monolithic host)
     */
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
        private final Map<String, Boolean> monolithicHosts = new LinkedHashMap<>();
        private final Map<String, Integer> replicas = new LinkedHashMap<>();
        private final List<Function<HostConfig, List<ServerSpec<?>>>> extraServers = new ArrayList<>();
        private boolean monolithic;

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
                requireFreeInterface(a + "-" + b, h);
            }
            final String name = "wire." + a + "-" + b;
            wires.put(name, config.apply(WireConfig.between(name, nicOf(a), nicOf(b))));
            return this;
        }

        /**
         * Joins a host to an endpoint that is not a host of this topology, such as the kernel's end
         * of a TAP device ({@code dev.newt.net.tap.TapLink}), with a wire named
         * {@code wire.<host>-<endpoint>} whose second end is that endpoint. Whoever builds the
         * runtime registers the endpoint before starting it: the wire delivers to it.
         *
         * @param host     a host defined before
         * @param endpoint the name of the endpoint at the wire's far end
         * @param config   adjusts the wire's settings (MTU, impairments, capture)
         * @return this
         */
        public Builder wireTo(final String host, final String endpoint, final UnaryOperator<WireConfig> config) {
            requireFreeInterface(host + "-" + endpoint, host);
            if (hosts.keySet().stream().anyMatch(h -> endpoint.startsWith(h + "."))) {
                throw new IllegalArgumentException("wire " + host + "-" + endpoint + ": '" + endpoint
                    + "' is a name of a host's server; join two hosts with wire(a, b)");
            }
            final String name = "wire." + host + "-" + endpoint;
            wires.put(name, config.apply(WireConfig.between(name, nicOf(host), endpoint)));
            return this;
        }

        private void requireFreeInterface(final String wire, final String host) {
            if (!hosts.containsKey(host)) {
                throw new IllegalArgumentException("wire " + wire + ": no host named '" + host
                    + "' (define hosts before wires)");
            }
            for (WireConfig w : wires.values()) {
                if (w.endA().equals(nicOf(host)) || w.endB().equals(nicOf(host))) {
                    throw new IllegalArgumentException("wire " + wire + ": host '" + host
                        + "' already has its one interface on " + w.name());
                }
            }
        }

        /** Joins two hosts with a perfect wire. @param a one host @param b the other @return this */
        public Builder wire(final String a, final String b) {
            return wire(a, b, w -> w);
        }

        /**
         * Adjusts one server's spec, for example {@code configure("a.pf", s -> s.withRecovery(FRESH))}.
         * On a monolithic host a layer's spec is adjusted before it joins {@code <host>.stack}: a
         * wrapper (fault injection) takes effect, recovery settings do not (the stack's own count:
         * configure {@code <host>.stack} for those).
         *
         * @param server     the server's name, such as {@code a.tcp} or {@code wire.a-b}
         * @param adjustment applied to its spec when the topology is built
         * @return this
         */
        public Builder configure(final String server, final UnaryOperator<ServerSpec<?>> adjustment) {
            adjustments.merge(server, adjustment, (x, y) -> s -> y.apply(x.apply(s)));
            return this;
        }

        /**
         * Runs every host's stack as one server or as separate servers; a per-host choice
         * ({@link #monolithic(String, boolean)}) overrides this one.
         *
         * @param all {@code true} for one composite server {@code <host>.stack} per host,
         *            {@code false} (the default) for a server per layer
         * @return this
         */
        public Builder monolithic(final boolean all) {
            this.monolithic = all;
            return this;
        }

        /**
         * Runs one host's stack as one server or as separate servers.
         *
         * @param host a host defined before
         * @param on   {@code true} for one composite server {@code <host>.stack}
         * @return this
         */
        public Builder monolithic(final String host, final boolean on) {
            if (!hosts.containsKey(host)) {
                throw new IllegalArgumentException("monolithic: no host named '" + host + "' (define hosts first)");
            }
            monolithicHosts.put(host, on);
            return this;
        }

        /**
         * Runs {@code n} independent replicas of a host's stack (ip, pf, udp, tcp, sock and the
         * servers of {@link #stackServers}) behind its one nic, which spreads received flows over
         * them by a hash of the 4-tuple ({@link dev.newt.net.nic.FlowHash}). Replica 0 keeps the
         * host's usual names ({@code a.tcp}), replica {@code r} is named {@code a.tcp#r}; each
         * replica is a placement group of its own ({@code a}, {@code a#1}, ...), so that a pooled
         * executor can give each its own core. A replica shares no state with another: its own
         * ARP cache, flow table, ports, connections, and its own restarts.
         *
         * @param host a host defined before
         * @param n    1 (the default: the host as ever) to {@link HostConfig#MAX_REPLICAS}
         * @return this
         */
        public Builder replicas(final String host, final int n) {
            if (!hosts.containsKey(host)) {
                throw new IllegalArgumentException("replicas: no host named '" + host + "' (define hosts first)");
            }
            if (n < 1 || n > HostConfig.MAX_REPLICAS) {
                throw new IllegalArgumentException("host '" + host + "': replicas must be 1.." + HostConfig.MAX_REPLICAS
                    + ", was " + n);
            }
            replicas.put(host, n);
            return this;
        }

        /**
         * Adds servers to every host's stack, after sock: separate servers, or inner servers of the
         * host's stack server when it is monolithic. For example a transport:
         * {@code stackServers(h -> List.of(TcpServer.spec(h)))}. Their names must be the host's
         * ({@code <host>.<server>}) and can be adjusted with {@link #configure}.
         *
         * @param servers makes the specs of the extra servers of a host
         * @return this
         */
        public Builder stackServers(final Function<HostConfig, List<ServerSpec<?>>> servers) {
            extraServers.add(Objects.requireNonNull(servers, "servers"));
            return this;
        }

        private static String nicOf(final String host) {
            return host + ".nic";
        }

        /** @return the host whose nic {@code end} names, or "" when it names no nic */
        private static String hostOfNic(final String end) {
            return end.endsWith(".nic") ? end.substring(0, end.length() - ".nic".length()) : "";
        }

        /** @return the topology @throws IllegalArgumentException for an unwired host or unknown server */
        public Topology build() {
            final Map<String, HostConfig> configs = new LinkedHashMap<>();
            final Map<String, UnaryOperator<ServerSpec<?>>> left = new LinkedHashMap<>(adjustments);
            final List<String> known = new ArrayList<>();
            final List<ServerSpec<?>> specs = new ArrayList<>();
            for (WireConfig w : wires.values()) {
                // A wire to an endpoint outside the topology (wireTo: a TAP link) hands due frames over at once.
                final boolean external = !hosts.containsKey(hostOfNic(w.endB()));
                specs.addAll(adjusted(List.of(LinkSpecs.wire(w, external)), left, known));
            }
            for (HostSpec h : hosts.values()) {
                final WireConfig link = wires.values().stream()
                    .filter(w -> w.endA().equals(nicOf(h.name())) || w.endB().equals(nicOf(h.name())))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("host '" + h.name() + "' has no wire"));
                final int n = replicas.getOrDefault(h.name(), 1);
                final HostConfig c = HostConfig.of(h.name(), h.cidr(), link.name()).withGateway(h.gateway())
                    .withMtu(link.mtu()).withReplicas(n);
                configs.put(h.name(), c);
                final boolean mono = monolithicHosts.getOrDefault(h.name(), monolithic);
                if (mono && n > 1) {
                    throw new IllegalArgumentException("host '" + h.name() + "': a monolithic host runs one stack; "
                        + "replicas must be 1, was " + n);
                }
                final List<ServerSpec<?>> stack = new ArrayList<>();
                stack.add(LinkSpecs.nic(c).withPlacement(h.name()));
                for (int r = 0; r < n; r++) {
                    final HostConfig cr = c.asReplica(r);
                    final String group = r == 0 ? h.name() : h.name() + "#" + r;
                    final List<ServerSpec<?>> replica = new ArrayList<>();
                    replica.add(IpServer.spec(cr));
                    replica.addAll(TransportStack.specs(cr, h.rules()));
                    for (Function<HostConfig, List<ServerSpec<?>>> extra : extraServers) {
                        replica.addAll(extra.apply(cr));
                    }
                    replica.forEach(s -> stack.add(s.withPlacement(group)));
                }
                final List<ServerSpec<?>> layers = adjusted(stack, left, known);
                if (mono) {
                    specs.addAll(adjusted(List.of(CompositeSpecs.of(stackOf(h.name()), layers)), left, known));
                } else {
                    specs.addAll(layers);
                }
            }
            if (!left.isEmpty()) {
                throw new IllegalArgumentException("configure: no server named " + left.keySet() + "; servers: "
                    + known);
            }
            return new Topology(configs, specs);
        }

        /**
         * Applies the adjustments given for these specs' names, removing them from {@code left};
         * the names go to {@code known}, for the error about adjustments left over.
         */
        private static List<ServerSpec<?>> adjusted(final List<ServerSpec<?>> specs,
                                                    final Map<String, UnaryOperator<ServerSpec<?>>> left,
                                                    final List<String> known) {
            final List<ServerSpec<?>> out = new ArrayList<>();
            for (ServerSpec<?> s : specs) {
                final UnaryOperator<ServerSpec<?>> adj = left.remove(s.name());
                out.add(adj == null ? s : adj.apply(s));
                known.add(s.name());
            }
            return out;
        }
    }
}
