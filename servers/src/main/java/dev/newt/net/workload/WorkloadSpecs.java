package dev.newt.net.workload;

import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;

/**
 * Specs of the workload applications, named {@code <host>.app.<name>}. A workload is the
 * experiment's instrument, not its subject: its state (arrays sized by the number of requests)
 * is checkpointed every {@value #CHECKPOINT_EVERY} messages, since serializing it on every
 * message would cost time proportional to the run's length on each one.
 */
public final class WorkloadSpecs {
    /** Messages between checkpoints of a workload's state. */
    public static final int CHECKPOINT_EVERY = 1000;

    private WorkloadSpecs() {
    }

    /**
     * @param host the host it runs on
     * @param port the port to serve
     * @return the spec of an echo server named {@code <host>.app.echo}
     */
    public static ServerSpec<UdpEchoServer.State> udpEchoServer(final HostConfig host, final int port) {
        return ServerSpec.of(host.name() + ".app.echo", UdpEchoServer.State.class,
            () -> new UdpEchoServer(host.server(HostNames.SOCK), port), UdpEchoServer.State::new)
            .withCheckpoints(CheckpointPolicy.everyMessages(CHECKPOINT_EVERY));
    }

    /**
     * @param host        the host it runs on
     * @param server      the echo server's address
     * @param port        its port
     * @param count       datagrams to send
     * @param interval    between sends
     * @param payloadSize bytes per datagram
     * @param seed        payload pattern seed
     * @return the spec of an echo client named {@code <host>.app.echo-client}, draining for 1 s after
     *         the last send and writing a metric event every 100 ms
     */
    public static ServerSpec<UdpEchoClient.State> udpEchoClient(final HostConfig host, final Ipv4Address server,
                                                                final int port, final int count,
                                                                final Duration interval, final int payloadSize,
                                                                final long seed) {
        return udpEchoClient(host, new UdpEchoClient.Config(host.server(HostNames.SOCK), server, port, count,
            interval, payloadSize, Duration.ofSeconds(1), Duration.ofMillis(100), seed, 0, Duration.ofSeconds(1)));
    }

    /**
     * @param host        the host it runs on
     * @param server      the echo server's address
     * @param port        its port
     * @param count       datagrams to send
     * @param window      datagrams kept outstanding
     * @param payloadSize bytes per datagram
     * @param seed        payload pattern seed
     * @return the spec of a closed-loop echo client named {@code <host>.app.echo-client}: an
     *         outstanding datagram times out after 100 ms; 100 ms drain; metrics every 100 ms
     */
    public static ServerSpec<UdpEchoClient.State> udpEchoClientClosedLoop(final HostConfig host,
                                                                          final Ipv4Address server, final int port,
                                                                          final int count, final int window,
                                                                          final int payloadSize, final long seed) {
        return udpEchoClient(host, new UdpEchoClient.Config(host.server(HostNames.SOCK), server, port, count,
            Duration.ZERO, payloadSize, Duration.ofMillis(100), Duration.ofMillis(100), seed, window,
            Duration.ofMillis(100)));
    }

    /**
     * @param host the host it runs on
     * @param cfg  the client's parameters
     * @return the spec of an echo client named {@code <host>.app.echo-client}
     */
    public static ServerSpec<UdpEchoClient.State> udpEchoClient(final HostConfig host, final UdpEchoClient.Config cfg) {
        return ServerSpec.of(host.name() + ".app.echo-client", UdpEchoClient.State.class,
            () -> new UdpEchoClient(cfg), () -> new UdpEchoClient(cfg).initialState())
            .withCheckpoints(CheckpointPolicy.everyMessages(CHECKPOINT_EVERY)).withMailboxCapacity(8192);
    }

    /**
     * @param host        the host it runs on
     * @param destination the host to ping
     * @param count       echo requests
     * @param interval    between requests
     * @param seed        payload pattern seed
     * @return the spec of a pinger named {@code <host>.app.ping} (56 data bytes, identifier 1, 1 s drain)
     */
    public static ServerSpec<PingWorkload.State> ping(final HostConfig host, final Ipv4Address destination,
                                                      final int count, final Duration interval, final long seed) {
        final PingWorkload.Config cfg = new PingWorkload.Config(host.server(HostNames.IP), destination, 1, count,
            interval, 56, Duration.ofSeconds(1), seed);
        return ServerSpec.of(host.name() + ".app.ping", PingWorkload.State.class,
            () -> new PingWorkload(cfg), () -> new PingWorkload(cfg).initialState())
            .withCheckpoints(CheckpointPolicy.everyMessages(CHECKPOINT_EVERY));
    }
}
