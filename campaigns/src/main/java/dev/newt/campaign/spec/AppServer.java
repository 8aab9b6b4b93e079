package dev.newt.campaign.spec;

import dev.newt.net.app.HttpFetch;
import dev.newt.net.app.HttpFileServer;
import dev.newt.net.workload.BulkReceiver;
import dev.newt.net.workload.BulkSender;
import dev.newt.net.workload.PingWorkload;
import dev.newt.net.workload.RpcClient;
import dev.newt.net.workload.RpcServer;
import dev.newt.net.workload.UdpEchoClient;
import dev.newt.net.workload.UdpEchoServer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application servers of the built-in workloads ({@code <host>.app.<name>}), as fault targets:
 * each is woven in an image of its class's package ({@code net.workload}, {@code net.app}), like a
 * stack server. The names are those servers' {@code WorkloadSpecs}, {@code StreamWorkloadSpecs}
 * and {@code AppSpecs} give them; the server side runs on a workload's {@code to} host, the client
 * on its {@code from} host.
 */
public enum AppServer {
    /** Receives a bulk transfer. */
    BULK_RECEIVER("bulk-receiver", BulkReceiver.class, WorkloadType.BULK, true),
    /** Sends a bulk transfer. */
    BULK_SENDER("bulk-sender", BulkSender.class, WorkloadType.BULK, false),
    /** Answers rpc requests. */
    RPC_SERVER("rpc-server", RpcServer.class, WorkloadType.RPC, true),
    /** Issues rpc requests. */
    RPC_CLIENT("rpc-client", RpcClient.class, WorkloadType.RPC, false),
    /** Echoes udp datagrams. */
    ECHO("echo", UdpEchoServer.class, WorkloadType.UDP_ECHO, true),
    /** Sends udp datagrams to be echoed. */
    ECHO_CLIENT("echo-client", UdpEchoClient.class, WorkloadType.UDP_ECHO, false),
    /** Pings. */
    PING("ping", PingWorkload.class, WorkloadType.PING, false),
    /** Serves files over http. */
    HTTP("http", HttpFileServer.class, WorkloadType.HTTP, true),
    /** Fetches files over http. */
    HTTP_FETCH("http-fetch", HttpFetch.class, WorkloadType.HTTP, false);

    private static final String APP = ".app.";
    private final String suffix;
    private final Class<?> serverClass;
    private final WorkloadType workload;
    private final boolean serverSide;

    AppServer(final String suffix, final Class<?> serverClass, final WorkloadType workload, final boolean serverSide) {
        this.suffix = suffix;
        this.serverClass = serverClass;
        this.workload = workload;
        this.serverSide = serverSide;
    }

    /** @return the server class, from Newt's loader */
    public Class<?> serverClass() {
        return serverClass;
    }

    /**
     * @return the binary name of the class whose {@code handle} a fault goes into by default: the
     *         server class's own, or the superclass it inherits it from (the stream workloads'
     *         {@code StreamClient})
     */
    public String siteClassName() {
        for (Class<?> c = serverClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("handle") && !m.isBridge() && !Modifier.isAbstract(m.getModifiers())) {
                    return c.getName();
                }
            }
        }
        return serverClass.getName();
    }

    /**
     * @return the binary name of its state class: its nested {@code State} (the stream workloads
     *         implement {@code Server<S>} through a generic superclass)
     */
    public String stateClassName() {
        for (Class<?> c : serverClass.getDeclaredClasses()) {
            if (c.getSimpleName().equals("State")) {
                return c.getName();
            }
        }
        return Plugins.stateClassOf(serverClass);
    }

    /**
     * @param server a server name
     * @return the kind of app server it names ({@code <host>.app.<name>}), if any
     */
    public static Optional<AppServer> of(final String server) {
        final int at = server.indexOf(APP);
        if (at <= 0) {
            return Optional.empty();
        }
        final String name = server.substring(at + APP.length());
        for (AppServer a : values()) {
            if (a.suffix.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * @param workloads a campaign's built-in workloads
     * @return the names of their app servers, in workload order, server side first
     */
    public static List<String> names(final List<WorkloadModel> workloads) {
        final List<String> out = new ArrayList<>();
        for (WorkloadModel w : workloads) {
            for (AppServer a : values()) {
                if (a.workload == w.type()) {
                    out.add((a.serverSide ? w.to() : w.from()) + APP + a.suffix);
                }
            }
        }
        return out;
    }
}
