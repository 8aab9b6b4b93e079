package dev.newt.net.tap;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.link.WireConfig;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.pf.PfRules;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One Newt host on a TAP device, running: the host's servers (nic, ip, pf, udp, tcp, sock and any
 * applications), a wire from its nic to the device's {@link TapLink}, on a real-time executor.
 * <pre>{@code
 * try (TapHost h = TapHost.builder("newt", "10.77.0.2/24", TapDevice.open("newt0"))
 *         .app(host -> AppSpecs.httpServer(host, 80, Path.of("www")))
 *         .start()) {
 *     // ping 10.77.0.2, curl http://10.77.0.2/ ...
 * }
 * }</pre>
 * The wire's MTU is the device's, and so the host's (tcp's MSS follows it). Closing stops the
 * link's threads, then the runtime, then closes the device, so nothing outlives the host.
 */
public final class TapHost implements AutoCloseable {
    private final NewtRuntime runtime;
    private final HostConfig host;
    private final TapLink link;
    private final NewtClient client;

    private TapHost(final NewtRuntime runtime, final HostConfig host, final TapLink link) {
        this.runtime = runtime;
        this.host = host;
        this.link = link;
        this.client = runtime.client(host.name() + ".tap-host");
    }

    /**
     * @param name   the host's name, the prefix of its servers' names
     * @param cidr   its address and prefix, such as {@code 10.77.0.2/24}
     * @param device the device it is attached to; the host owns it from now on
     * @return a builder
     */
    public static Builder builder(final String name, final String cidr, final FrameDevice device) {
        return new Builder(name, cidr, device);
    }

    /** @return the runtime, started */
    public NewtRuntime runtime() {
        return runtime;
    }

    /** @return the host's configuration */
    public HostConfig host() {
        return host;
    }

    /** @return the link to the device */
    public TapLink link() {
        return link;
    }

    /** @return the name of the wire between the host's nic and the device */
    public String wire() {
        return link.wire();
    }

    /**
     * Asks a server (or the link's endpoint) for its counters.
     *
     * @param server a server's name, such as {@code <host>.tcp} or the wire's
     * @param timeout the longest wait
     * @return its counters
     * @throws Exception if it does not answer in time
     */
    public Stats stats(final String server, final Duration timeout) throws Exception {
        return (Stats) client.request(server, new StatsQuery()).get(timeout.toMillis(), TimeUnit.MILLISECONDS).payload();
    }

    /** Stops the link's threads, then the runtime; the link closes the device. Idempotent. */
    @Override
    public void close() {
        try {
            link.close();
        } finally {
            runtime.close();
        }
    }

    /** Collects the host's settings; {@link #start()} boots it. */
    public static final class Builder {
        private final String name;
        private final String cidr;
        private final FrameDevice device;
        private Ipv4Address gateway = Ipv4Address.ANY;
        private UnaryOperator<WireConfig> wire = w -> w;
        private final List<Function<HostConfig, ServerSpec<?>>> apps = new ArrayList<>();
        private final List<Adjustment> adjustments = new ArrayList<>();
        private NewtRuntime.Builder runtime = NewtRuntime.builder().realTime("park");

        private Builder(final String name, final String cidr, final FrameDevice device) {
            this.name = Objects.requireNonNull(name, "name");
            this.cidr = Objects.requireNonNull(cidr, "cidr");
            this.device = Objects.requireNonNull(device, "device");
        }

        /** @param gw the host's default gateway, on its subnet @return this */
        public Builder gateway(final Ipv4Address gw) {
            this.gateway = Objects.requireNonNull(gw, "gateway");
            return this;
        }

        /**
         * @param config adjusts the wire on Newt's side of the link (impairments, capture), after
         *               its MTU is set to the device's
         * @return this
         */
        public Builder wire(final UnaryOperator<WireConfig> config) {
            this.wire = Objects.requireNonNull(config, "config");
            return this;
        }

        /** @param app makes an application server of the host @return this */
        public Builder app(final Function<HostConfig, ServerSpec<?>> app) {
            apps.add(Objects.requireNonNull(app, "app"));
            return this;
        }

        /**
         * As {@link Topology.Builder#configure}.
         *
         * @param server     a server's name, such as {@code <host>.tcp}
         * @param adjustment applied to its spec
         * @return this
         */
        public Builder configure(final String server, final UnaryOperator<ServerSpec<?>> adjustment) {
            adjustments.add(new Adjustment(server, adjustment));
            return this;
        }

        /**
         * @param builder the runtime to add the host to (default: pooled over a worker per core, parking idle
         *                strategy, seed 1); must not be simulated
         * @return this
         */
        public Builder runtime(final NewtRuntime.Builder builder) {
            this.runtime = Objects.requireNonNull(builder, "runtime");
            return this;
        }

        /**
         * Builds and starts the host. On failure the device is closed.
         *
         * @return the running host
         * @throws IllegalArgumentException naming the bad setting
         */
        public TapHost start() {
            NewtRuntime rt = null;
            try {
                final String endpoint = TapLink.endpoint(device.name());
                final int mtu = device.mtu();
                final Topology.Builder tb = Topology.builder()
                    .host(name, cidr, gateway, PfRules.allowAll())
                    .wireTo(name, endpoint, w -> wire.apply(w.mtu(mtu)));
                adjustments.forEach(a -> tb.configure(a.server(), a.adjustment()));
                final Topology t = tb.build();
                final HostConfig h = t.host(name);
                final NewtRuntime.Builder b = t.install(runtime);
                apps.forEach(app -> b.server(app.apply(h)));
                rt = b.build();
                final TapLink link = TapLink.attach(rt, device, h.link());
                rt.start();
                return new TapHost(rt, h, link);
            } catch (RuntimeException e) {
                device.close();
                if (rt != null) {
                    rt.close();
                }
                throw e;
            }
        }

        private record Adjustment(String server, UnaryOperator<ServerSpec<?>> adjustment) {
        }
    }

    @Override
    public String toString() {
        return "TapHost[" + host.name() + " " + host.address() + "/" + host.prefixLength() + " on "
            + link.device().name() + "]";
    }
}
