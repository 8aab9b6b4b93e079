package dev.newt.net.workload;

import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;

/**
 * Specs of the stream workloads, named {@code <host>.app.<name>}, with the defaults: a metric event
 * every 100 ms, a deadline of 60 s of runtime clock, a checkpoint after every message (so that a
 * fault injected into one loses none of its accounting) and a mailbox of 8192.
 */
public final class StreamWorkloadSpecs {
    /** Width of a metric time bin. */
    public static final Duration BIN = Duration.ofMillis(100);
    /** When a run gives up. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Bytes per send of the bulk sender. */
    public static final int BULK_CHUNK = 16 * 1024;
    /** Sends the bulk sender keeps at sock. */
    public static final int BULK_OUTSTANDING = 4;
    /** Bytes per receive of the bulk receiver. */
    public static final int BULK_RECEIVE = 64 * 1024;
    /** Receives the bulk receiver keeps at sock. */
    public static final int BULK_RECEIVES = 2;

    private StreamWorkloadSpecs() {
    }

    private static <S> ServerSpec<S> app(final ServerSpec<S> spec) {
        return spec.withCheckpoints(CheckpointPolicy.EVERY_MESSAGE).withMailboxCapacity(8192);
    }

    /**
     * @param host  the host it runs on
     * @param port  the port to listen on
     * @param bytes how many bytes to expect
     * @param seed  the pattern seed, the sender's
     * @return the spec of {@code <host>.app.bulk-receiver}, listening in every replica of the host's stack
     */
    public static ServerSpec<BulkReceiver.State> bulkReceiver(final HostConfig host, final int port, final long bytes,
                                                              final long seed) {
        return bulkReceiver(host, new BulkReceiver.Config(ReplicaListeners.socks(host), port, bytes, seed,
            BULK_RECEIVE, BULK_RECEIVES, BIN, DEADLINE));
    }

    /**
     * @param host the host it runs on
     * @param cfg  its parameters
     * @return the spec of {@code <host>.app.bulk-receiver}
     */
    public static ServerSpec<BulkReceiver.State> bulkReceiver(final HostConfig host, final BulkReceiver.Config cfg) {
        return app(ServerSpec.of(host.name() + ".app.bulk-receiver", BulkReceiver.State.class,
            () -> new BulkReceiver(cfg), BulkReceiver.State::new));
    }

    /**
     * @param host     the host it runs on
     * @param receiver the receiver's address
     * @param port     its port
     * @param bytes    how many bytes to send
     * @param seed     the pattern seed
     * @return the spec of {@code <host>.app.bulk-sender}: {@value #BULK_OUTSTANDING} sends of
     *         {@value #BULK_CHUNK} bytes at sock at once
     */
    public static ServerSpec<BulkSender.State> bulkSender(final HostConfig host, final Ipv4Address receiver,
                                                          final int port, final long bytes, final long seed) {
        return bulkSender(host, new BulkSender.Config(host.server(HostNames.SOCK), receiver, port, bytes, BULK_CHUNK,
            BULK_OUTSTANDING, seed, BIN, DEADLINE));
    }

    /**
     * @param host the host it runs on
     * @param cfg  its parameters
     * @return the spec of {@code <host>.app.bulk-sender}
     */
    public static ServerSpec<BulkSender.State> bulkSender(final HostConfig host, final BulkSender.Config cfg) {
        return app(ServerSpec.of(host.name() + ".app.bulk-sender", BulkSender.State.class,
            () -> new BulkSender(cfg), BulkSender.State::new));
    }

    /**
     * @param host the host it runs on
     * @param port the port to serve
     * @return the spec of {@code <host>.app.rpc-server}, with a backlog of 64, listening in every
     *         replica of the host's stack
     */
    public static ServerSpec<RpcServer.State> rpcServer(final HostConfig host, final int port) {
        final RpcServer.Config cfg = new RpcServer.Config(ReplicaListeners.socks(host), port, 64, BIN);
        return app(ServerSpec.of(host.name() + ".app.rpc-server", RpcServer.State.class, () -> new RpcServer(cfg),
            RpcServer.State::new));
    }

    /**
     * @param host         the host it runs on
     * @param server       the rpc server's address
     * @param port         its port
     * @param requests     how many exchanges
     * @param requestSize  bytes per request (at least 16)
     * @param responseSize bytes per response (at least 12)
     * @param persistent   one connection for all, or a fresh one per exchange
     * @param seed         request id seed
     * @return the spec of {@code <host>.app.rpc-client}, exchanges back to back
     */
    public static ServerSpec<RpcClient.State> rpcClient(final HostConfig host, final Ipv4Address server,
                                                        final int port, final int requests, final int requestSize,
                                                        final int responseSize, final boolean persistent,
                                                        final long seed) {
        return rpcClient(host, new RpcClient.Config(host.server(HostNames.SOCK), server, port, requests, requestSize,
            responseSize, persistent, Duration.ZERO, seed, BIN, DEADLINE));
    }

    /**
     * @param host the host it runs on
     * @param cfg  its parameters
     * @return the spec of {@code <host>.app.rpc-client}
     */
    public static ServerSpec<RpcClient.State> rpcClient(final HostConfig host, final RpcClient.Config cfg) {
        return app(ServerSpec.of(host.name() + ".app.rpc-client", RpcClient.State.class, () -> new RpcClient(cfg),
            RpcClient.State::new));
    }
}
