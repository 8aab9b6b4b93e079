package dev.newt.campaign.system;

import dev.newt.campaign.spec.AppServer;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.Components;
import dev.newt.campaign.spec.HostModel;
import dev.newt.campaign.spec.LinkModel;
import dev.newt.campaign.spec.Plugins;
import dev.newt.campaign.spec.ServerSettings;
import dev.newt.campaign.spec.StackServer;
import dev.newt.campaign.spec.SystemModel;
import dev.newt.campaign.spec.UserComponent;
import dev.newt.campaign.spec.WorkloadModel;
import dev.newt.core.event.EventLog;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.process.ProcessIsolation;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.RestartIntensity;
import dev.newt.core.server.ServerSpec;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.link.WireConfig;
import dev.newt.net.pf.PfAction;
import dev.newt.net.pf.PfRules;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the runtime of one run of a campaign: the hosts, wires and workloads, the supervision
 * settings, and the servers a fault targets loaded from an image and woven by the injector.
 * Every run of a campaign, golden or not, uses the campaign seed for the runtime and the
 * workloads, so that an experiment runs exactly as the golden run until its fault activates.
 */
public final class SystemAssembly {
    /** How long an isolated server's child may go without a heartbeat before it is killed. */
    static final java.time.Duration CHILD_HEARTBEAT_TIMEOUT = java.time.Duration.ofSeconds(10);

    private SystemAssembly() {
    }

    /**
     * A runtime ready to start, with its injector installed.
     *
     * @param runtime          the runtime
     * @param faults           the injector, installed; {@code finish()} it at the end of the run
     * @param summaryWriters   the workload servers whose summaries end the run
     * @param constructorArgs  each stack server's constructor arguments (its configuration), for a
     *                         new version of it loaded from an image
     * @param system           the system it was built from (its user components' images)
     * @param plugins          the loader of the user components' shared types
     * @param processes        the child JVMs of the servers with {@code isolation: process}, or null
     */
    public record Assembled(NewtRuntime runtime, FaultInjector faults, List<String> summaryWriters,
                            Map<String, Object[]> constructorArgs, SystemModel system, ClassLoader plugins,
                            ProcessIsolation processes) {
        /** Freezes the arguments. */
        public Assembled {
            constructorArgs = Map.copyOf(constructorArgs);
        }

        /** Kills the child JVMs of the servers with {@code isolation: process}, if any; after the runtime closed. */
        public void closeProcesses() {
            if (processes != null) {
                processes.close();
            }
        }

        /**
         * @param server a stack server
         * @return its constructor arguments
         * @throws IllegalArgumentException naming the server when it is not one
         */
        public Object[] constructorArgs(final String server) {
            final Object[] args = constructorArgs.get(server);
            if (args == null) {
                throw new IllegalArgumentException("'" + server + "' is not a server of this system; servers: "
                    + new java.util.TreeSet<>(constructorArgs.keySet()));
            }
            return args.clone();
        }
    }

    /**
     * @param c      the campaign
     * @param faults the injector of the run's faults (an empty plan for none)
     * @param log    where the run's events go
     * @return the runtime, built and with the faults armed, not started
     * @throws IllegalArgumentException or {@link dev.newt.faults.FaultSpecException} naming the
     *         offending server or fault when the system cannot be built or a fault not woven
     */
    public static Assembled build(final Campaign c, final FaultInjector faults, final EventLog log) {
        final Map<String, WireConfig> wires = new HashMap<>();
        final Map<String, HostConfig> hosts = new HashMap<>();
        final Map<String, PfRules> rules = new HashMap<>();
        final Topology.Builder b = Topology.builder();
        for (HostModel h : c.system().hosts()) {
            final PfRules r = PfRules.of(h.pfDefault().equals("deny") ? PfAction.DENY : PfAction.ALLOW,
                h.pfRules().toArray(String[]::new));
            rules.put(h.name(), r);
            b.host(h.name(), h.address(), Ipv4Address.ANY, r);
            if (h.replicas() > 1) {
                b.replicas(h.name(), h.replicas());
            }
        }
        for (LinkModel l : c.system().links()) {
            b.wire(l.a(), l.b(), w -> {
                final WireConfig x = w.latency(l.latency()).bandwidth(l.bandwidth()).mtu(l.mtu()).loss(l.loss())
                    .duplicate(l.duplicate()).reorder(l.reorder(), l.reorderDelay()).corrupt(l.corrupt());
                wires.put(x.name(), x);
                return x;
            });
            hosts.put(l.a(), null);
            hosts.put(l.b(), null);
        }
        for (HostModel h : c.system().hosts()) {
            final String wire = c.system().links().stream().filter(l -> l.a().equals(h.name())
                || l.b().equals(h.name())).findFirst().map(LinkModel::wireName).orElse("none");
            hosts.put(h.name(), HostConfig.of(h.name(), h.address(), wire).withReplicas(h.replicas()));
        }
        b.monolithic(c.system().monolithic());
        final Set<String> woven = new LinkedHashSet<>();
        for (FaultSpec f : faults.plan().faults()) {
            woven.add(f.site().server());
        }
        final List<String> stack = c.system().injectableServers().stream()
            .filter(s -> Components.user(c.system(), s) == null).toList();
        final Set<String> configured = new LinkedHashSet<>();
        for (String server : stack) {
            if (woven.contains(server) || c.system().servers().stream().anyMatch(s -> s.matches(server))) {
                configured.add(server);
            }
        }
        final Map<String, Object[]> args = new HashMap<>();
        for (String server : stack) {
            args.put(server, constructorArgs(server, hosts, wires, rules));
        }
        c.system().components().forEach(u -> args.put(u.name(), u.args().toArray()));
        for (String server : configured) {
            b.configure(server, s -> settings(c.system().servers(), server,
                woven.contains(server) ? weave(faults, server, s, args.get(server)) : s));
        }
        final Topology t = b.build();
        final NewtRuntime.Builder rb = NewtRuntime.builder().seed(c.seed()).eventLog(log);
        if (c.executor().equals("threaded")) {
            rb.threaded("backoff");
        } else {
            rb.simulated();
        }
        t.install(rb);
        final List<String> writers = new ArrayList<>();
        final ClassLoader plugins = Plugins.loader(Plugins.paths(c.system()));
        ProcessIsolation processes = null;
        for (UserComponent u : c.system().components()) {
            ServerSpec<?> spec = userSpec(c, u, plugins, faults, woven);
            if (ServerSettings.processIsolated(c.system().servers(), u.name())) {
                if (processes == null) {
                    // A child reads the campaign and weaves its faults at its first start: more heap
                    // than the default 64 MB, and a heartbeat timeout a loaded machine's pauses do
                    // not reach (2.5 s were seen at load 28), since a false kill changes the run.
                    processes = ProcessIsolation.builder().jvmOptions(List.of("-Xmx256m", "-XX:+UseSerialGC"))
                        .heartbeatTimeout(CHILD_HEARTBEAT_TIMEOUT).build();
                }
                // The child weaves the server's faults itself; this injector counts what they do.
                faults.runsElsewhere(u.name());
                final List<FaultSpec> mine = faults.plan().faults().stream()
                    .filter(f -> f.site().matchesServer(u.name())).toList();
                spec = spec.withIsolation(processes.of(IsolatedComponentRecipe.class,
                    IsolatedComponentRecipe.args(c, new FaultPlan(faults.plan().seed(), mine)).toArray(String[]::new)));
            }
            rb.server(settings(c.system().servers(), u.name(), spec));
            if (u.workload()) {
                writers.add(u.name());
            }
        }
        // A host's stream clients are dealt to the replicas of its stack in file order.
        final Map<String, Integer> dealt = new HashMap<>();
        for (WorkloadModel w : c.workloads()) {
            final int replica = w.type().stream() ? dealt.merge(w.from(), 1, Integer::sum) - 1 : 0;
            final WorkloadServers ws = WorkloadServers.of(w, t, c.seed(), replica);
            ws.specs().forEach(s -> rb.server(settings(c.system().servers(), s.name(),
                woven.contains(s.name()) ? weaveApp(faults, s) : s)));
            writers.addAll(ws.summaryWriters());
        }
        final NewtRuntime rt;
        try {
            rt = rb.build();
        } catch (RuntimeException e) {
            if (processes != null) {
                processes.close();
            }
            throw e;
        }
        try {
            faults.install(rt);
        } catch (RuntimeException e) {
            rt.close();
            if (processes != null) {
                processes.close();
            }
            throw e;
        }
        return new Assembled(rt, faults, writers, args, c.system(), plugins, processes);
    }

    /** The arguments a stack server's constructor takes: its host's (or wire's) configuration. */
    private static Object[] constructorArgs(final String server, final Map<String, HostConfig> hosts,
                                            final Map<String, WireConfig> wires, final Map<String, PfRules> rules) {
        final String host = server.substring(0, server.indexOf('.'));
        final StackServer kind = StackServer.of(server);
        // A replica's server is built with its replica's configuration, which names its peers a.ip#1, ...
        final HostConfig config = kind == StackServer.WIRE || kind == StackServer.NIC ? hosts.get(host)
            : hosts.get(host).asReplica(HostNames.replicaOf(server));
        return switch (kind) {
            case WIRE -> new Object[] {wires.get(server)};
            case PF -> new Object[] {config, rules.get(host)};
            case TCP -> new Object[] {config, TcpConfig.DEFAULTS};
            default -> new Object[] {config};
        };
    }

    private static ServerSpec<?> weave(final FaultInjector faults, final String server, final ServerSpec<?> running,
                                       final Object[] args) {
        final StackServer kind = StackServer.of(server);
        final ServerImage image = faults.weave(server, ServerImage.of(server, kind.serverClass()));
        return ImageSpecs.sameServer(running, image, kind.serverClass().getName(), kind.stateClassName(),
            ImageArgs.into(image, args));
    }

    /**
     * A workload's app server, woven in an image of its class's package like a stack server. Its
     * spec was made from a supplier, not constructor arguments: they are read back from a
     * prototype's fields ({@link PrototypeArgs}).
     */
    private static ServerSpec<?> weaveApp(final FaultInjector faults, final ServerSpec<?> running) {
        final AppServer kind = AppServer.of(running.name()).orElseThrow(() -> new IllegalArgumentException(
            "server '" + running.name() + "' is not a workload's app server"));
        final ServerImage image = faults.weave(running.name(), ServerImage.of(running.name(), kind.serverClass()));
        return ImageSpecs.sameServer(running, image, kind.serverClass().getName(), running.stateType().getName(),
            ImageArgs.into(image, PrototypeArgs.of(running.newServer())));
    }

    /**
     * A user's server or workload, loaded from its own image over the campaign's plugin loader,
     * woven when a fault targets it.
     */
    static ServerSpec<?> userSpec(final Campaign c, final UserComponent u, final ClassLoader plugins,
                                          final FaultInjector faults, final Set<String> woven) {
        ServerImage image = Components.image(c.system(), u.name(), plugins);
        if (woven.contains(u.name())) {
            image = faults.weave(u.name(), image);
        }
        final Class<?> type = image.loadClass(u.className());
        final ServerSpec<Object> spec = ImageSpecs.spec(u.name(), image, u.className(),
            Components.stateClassName(c.system(), u.name(), type), ImageArgs.into(image, u.args().toArray()));
        return u.auditEvery() > 0 ? spec.withAuditEvery(u.auditEvery()) : spec;
    }

    /** Applies the campaign's settings that match the server, in file order. */
    private static ServerSpec<?> settings(final List<ServerSettings> all, final String server,
                                          final ServerSpec<?> spec) {
        ServerSpec<?> s = spec;
        for (ServerSettings x : all) {
            if (!x.matches(server)) {
                continue;
            }
            if (x.recovery() != null) {
                s = s.withRecovery(RecoveryPolicy.fromLabel(x.recovery()));
            }
            if (x.checkpointEvery() != null) {
                s = s.withCheckpoints(x.checkpointEvery() == 0 ? CheckpointPolicy.ON_REQUEST
                    : CheckpointPolicy.everyMessages(x.checkpointEvery()));
            }
            if (x.restarts() != null) {
                s = s.withIntensity(new RestartIntensity(x.restarts(), x.window()));
            }
            if (x.hangDeadline() != null) {
                s = s.withHangDeadline(x.hangDeadline());
            }
        }
        return s;
    }
}
