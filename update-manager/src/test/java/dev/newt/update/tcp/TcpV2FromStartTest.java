package dev.newt.update.tcp;

import static dev.newt.update.tcp.Runs.awaitSummary;
import static dev.newt.update.tcp.Runs.counters;
import static dev.newt.update.tcp.Runs.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code tcp-v2} image is a working tcp: a host whose tcp runs v2 from the start talks to a
 * host with version 1 through every server of both stacks, in both roles, with every byte checked,
 * and reports its version and its new counter.
 */
class TcpV2FromStartTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 256 * 1024;
    private static final int RPCS = 100;

    private static Topology twoHosts(final String v2Host) {
        final HostConfig host = v2Host.equals("a") ? A : B;
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .configure(host.server("tcp"), s -> TcpImages.v2(s, host))
            .build();
        assertThat(t.host("a")).isEqualTo(A);
        assertThat(t.host("b")).isEqualTo(B);
        return t;
    }

    @Test
    void bulkTransferFromAV2TcpToAV1TcpArrivesIntact() {
        final Topology t = twoHosts("a");
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(41))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 7))
            .build()) {
            rt.start();
            final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
            assertThat(r.get("complete")).isEqualTo(true);
            assertThat(figure(r, "bytesReceived")).isEqualTo(BULK);
            assertThat(figure(r, "bytesCorrupted")).isZero();
            assertThat(figure(r, "errorCount")).isZero();

            final NewtClient stats = rt.client("test.stats");
            final Map<String, Long> v2 = counters(rt, stats, "a.tcp");
            assertThat(v2.get("version")).isEqualTo(2L);
            assertThat(v2.get("updates")).isZero();
            assertThat(v2.get("segments.in.since-update")).isEqualTo(v2.get("segments.in")).isPositive();
            assertThat(counters(rt, stats, "b.tcp")).doesNotContainKey("version");
        }
    }

    @Test
    void rpcAgainstAV2TcpServerAnswersEveryRequest() {
        final Topology t = twoHosts("b");
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(43))
            .server(StreamWorkloadSpecs.rpcServer(B, 6001))
            .server(StreamWorkloadSpecs.rpcClient(A, B.address(), 6001, RPCS, 100, 1000, true, 9))
            .build()) {
            rt.start();
            final Map<String, Object> r = awaitSummary(rt, "a.app.rpc-client", Duration.ofSeconds(30));
            assertThat(figure(r, "ok")).isEqualTo(RPCS);
            assertThat(figure(r, "failed")).isZero();
            assertThat(figure(r, "corrupted")).isZero();
            assertThat(figure(r, "connects")).isEqualTo(1);
            assertThat(counters(rt, rt.client("test.stats"), "b.tcp").get("version")).isEqualTo(2L);
        }
    }
}
