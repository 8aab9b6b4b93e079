package dev.newt.net.app;

import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.workload.ReplicaListeners;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Specs of the stream applications, named {@code <host>.app.<name>}, checkpointing after every
 * message, with a mailbox of 8192.
 */
public final class AppSpecs {
    private AppSpecs() {
    }

    private static <S> ServerSpec<S> app(final ServerSpec<S> spec) {
        return spec.withCheckpoints(CheckpointPolicy.EVERY_MESSAGE).withMailboxCapacity(8192);
    }

    /**
     * @param host the host it runs on
     * @param port the port to serve
     * @return the spec of a stream echo server named {@code <host>.app.tcp-echo}, listening in every
     *         replica of the host's stack
     */
    public static ServerSpec<EchoServer.State> echo(final HostConfig host, final int port) {
        final List<String> socks = ReplicaListeners.socks(host);
        return app(ServerSpec.of(host.name() + ".app.tcp-echo", EchoServer.State.class,
            () -> new EchoServer(socks, port), EchoServer.State::new));
    }

    /**
     * @param host  the host it runs on
     * @param port  the port to serve
     * @param files the files, by path such as {@code /index.html}
     * @return the spec of an HTTP file server named {@code <host>.app.http}, listening in every replica
     *         of the host's stack
     */
    public static ServerSpec<HttpFileServer.State> httpServer(final HostConfig host, final int port,
                                                              final Map<String, byte[]> files) {
        return http(host, new HttpFileServer.Config(ReplicaListeners.socks(host), port, files, null));
    }

    /**
     * @param host      the host it runs on
     * @param port      the port to serve
     * @param directory the directory to serve
     * @return the spec of an HTTP file server named {@code <host>.app.http}, listening in every replica
     *         of the host's stack
     */
    public static ServerSpec<HttpFileServer.State> httpServer(final HostConfig host, final int port,
                                                              final Path directory) {
        return http(host, new HttpFileServer.Config(ReplicaListeners.socks(host), port, Map.of(), directory));
    }

    private static ServerSpec<HttpFileServer.State> http(final HostConfig host, final HttpFileServer.Config cfg) {
        return app(ServerSpec.of(host.name() + ".app.http", HttpFileServer.State.class,
            () -> new HttpFileServer(cfg), HttpFileServer.State::new));
    }

    /**
     * @param host      the host it runs on
     * @param server    the HTTP server's address
     * @param port      its port
     * @param paths     the paths to fetch, in order
     * @param expected  what each must give (a path not in it must give a 200)
     * @param keepAlive one connection for all, or one per path
     * @return the spec of an HTTP client workload named {@code <host>.app.http-fetch}, with a
     *         deadline of 60 s
     */
    public static ServerSpec<HttpFetch.State> httpFetch(final HostConfig host, final Ipv4Address server,
                                                        final int port, final List<String> paths,
                                                        final Map<String, HttpFetch.Expected> expected,
                                                        final boolean keepAlive) {
        final HttpFetch.Config cfg = new HttpFetch.Config(host.server(HostNames.SOCK), server, port,
            server + ":" + port, paths, expected, keepAlive, Duration.ofSeconds(60));
        return app(ServerSpec.of(host.name() + ".app.http-fetch", HttpFetch.State.class, () -> new HttpFetch(cfg),
            HttpFetch.State::new));
    }
}
