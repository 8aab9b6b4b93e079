package dev.newt.campaign.system;

import dev.newt.campaign.spec.WorkloadModel;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.app.AppSpecs;
import dev.newt.net.app.HttpFetch;
import dev.newt.net.host.HostConfig;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.net.workload.WorkloadSpecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The servers of one workload, and which of them write a {@code workload-summary} when done:
 * a run is finished when every summary writer has written its summary.
 *
 * @param specs          the servers, server side first
 * @param summaryWriters names of the servers that write a summary
 */
public record WorkloadServers(List<ServerSpec<?>> specs, List<String> summaryWriters) {

    /**
     * @param w    the workload
     * @param t    the topology it runs on
     * @param seed seed of its payload patterns
     * @return its servers
     */
    public static WorkloadServers of(final WorkloadModel w, final Topology t, final long seed) {
        return of(w, t, seed, 0);
    }

    /**
     * @param w       the workload
     * @param t       the topology it runs on
     * @param seed    seed of its payload patterns
     * @param replica for a stream workload (bulk, rpc, http), the replica of the client host's stack
     *                its client speaks to (taken modulo the host's replicas); its server listens in
     *                every replica of the server host's stack, whichever its connections hash to (see
     *                {@link dev.newt.net.nic.FlowHash}); datagram and ping workloads stay in replica 0,
     *                which receives every datagram and ICMP message
     * @return its servers
     */
    public static WorkloadServers of(final WorkloadModel w, final Topology t, final long seed, final int replica) {
        final HostConfig host = t.host(w.from());
        final HostConfig from = w.type().stream() ? host.asReplica(replica % host.replicas()) : host;
        // A stream server listens in every replica of its host (ReplicaListeners): a connection lands
        // in whichever replica its flow hashes to, whatever the client host's count.
        final HostConfig to = t.host(w.to());
        final int port = w.params().containsKey("port") ? (int) w.number("port") : 0;
        return switch (w.type()) {
            case BULK -> new WorkloadServers(List.of(
                StreamWorkloadSpecs.bulkReceiver(to, port, w.number("bytes"), seed),
                StreamWorkloadSpecs.bulkSender(from, to.address(), port, w.number("bytes"), seed)),
                List.of(to.name() + ".app.bulk-receiver", from.name() + ".app.bulk-sender"));
            case RPC -> new WorkloadServers(List.of(
                StreamWorkloadSpecs.rpcServer(to, port),
                StreamWorkloadSpecs.rpcClient(from, to.address(), port, (int) w.number("requests"),
                    (int) w.number("requestSize"), (int) w.number("responseSize"), w.flag("persistent"), seed)),
                List.of(from.name() + ".app.rpc-client"));
            case UDP_ECHO -> new WorkloadServers(List.of(
                WorkloadSpecs.udpEchoServer(to, port),
                WorkloadSpecs.udpEchoClientClosedLoop(from, to.address(), port, (int) w.number("count"),
                    (int) w.number("window"), (int) w.number("size"), seed)),
                List.of(from.name() + ".app.echo-client"));
            case PING -> new WorkloadServers(List.of(
                WorkloadSpecs.ping(from, to.address(), (int) w.number("count"), w.duration("interval"), seed)),
                List.of(from.name() + ".app.ping"));
            case HTTP -> http(w, from, to, port, seed);
        };
    }

    private static WorkloadServers http(final WorkloadModel w, final HostConfig from, final HostConfig to,
                                        final int port, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final Map<String, byte[]> files = new LinkedHashMap<>();
        final Map<String, HttpFetch.Expected> expected = new LinkedHashMap<>();
        final List<String> paths = new ArrayList<>();
        for (int i = 0; i < w.number("files"); i++) {
            final byte[] body = new byte[(int) w.number("fileSize")];
            for (int b = 0; b < body.length; b++) {
                body[b] = (byte) random.nextInt(256);
            }
            final String path = "/f" + i + ".bin";
            files.put(path, body);
            expected.put(path, HttpFetch.Expected.body(body));
            paths.add(path);
        }
        return new WorkloadServers(List.of(AppSpecs.httpServer(to, port, files),
            AppSpecs.httpFetch(from, to.address(), port, paths, expected, w.flag("keepAlive"))),
            List.of(from.name() + ".app.http-fetch"));
    }
}
