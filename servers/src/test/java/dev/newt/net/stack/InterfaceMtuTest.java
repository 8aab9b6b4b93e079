package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static dev.newt.net.stack.StackRuns.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Stats;
import dev.newt.net.topology.Topology;
import dev.newt.net.udp.UdpServer;
import dev.newt.net.workload.StreamWorkloadSpecs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host takes its wire's MTU: ip, udp and tcp size their packets by it. */
class InterfaceMtuTest {
    private static final long BYTES = 1 << 20;

    private static Topology twoHosts(final int mtu) {
        return Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.mtu(mtu).latency(Duration.ofMillis(1))).build();
    }

    private static Stats bulk(final int mtu) throws Exception {
        final Topology t = twoHosts(mtu);
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(3))
            .server(StreamWorkloadSpecs.bulkReceiver(t.host("b"), 5001, BYTES, 5))
            .server(StreamWorkloadSpecs.bulkSender(t.host("a"), t.host("b").address(), 5001, BYTES, 5))
            .build()) {
            rt.start();
            final Map<String, Object> r = awaitSummary(rt, "b.app.bulk-receiver", Duration.ofSeconds(30));
            assertThat(figure(r, "bytesReceived")).isEqualTo(BYTES);
            assertThat(figure(r, "bytesCorrupted")).isZero();
            return stats(rt, rt.client("test"), "a.tcp");
        }
    }

    @Test
    void hostsTakeTheirWiresMtu() {
        assertThat(twoHosts(9000).host("a").mtu()).isEqualTo(9000);
        assertThat(twoHosts(1500).host("b").mtu()).isEqualTo(1500);
        assertThat(UdpServer.maxPayload(twoHosts(9000).host("a"))).isEqualTo(9000 - 28);
    }

    @Test
    void tcpSendsSegmentsAsLargeAsTheMtuAllows() throws Exception {
        final long ethernet = bulk(1500).get("segments.out");
        final long jumbo = bulk(9000).get("segments.out");
        // Full segments of 1460 and 8960 bytes, plus the handshake, the FIN and at most a partial
        // one per 16 KB send of the bulk sender (when the buffer runs dry at its end).
        final long slack = BYTES / StreamWorkloadSpecs.BULK_CHUNK + 8;
        assertThat(ethernet).isBetween(BYTES / 1460, BYTES / 1460 + slack);
        assertThat(jumbo).isBetween(BYTES / 8960, BYTES / 8960 + slack);
        assertThat(jumbo).as("six times fewer segments").isLessThan(ethernet / 3);
    }
}
