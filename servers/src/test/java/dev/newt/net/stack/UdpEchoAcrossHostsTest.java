package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static dev.newt.net.stack.StackRuns.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.link.PcapTap;
import dev.newt.net.link.WireConfig;
import dev.newt.net.msg.Stats;
import dev.newt.net.pcap.PcapReader;
import dev.newt.net.pcap.PcapRecord;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.WorkloadSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The UDP echo workload between two hosts, over clean and impaired wires, with exact accounting. */
class UdpEchoAcrossHostsTest {
    private static final int COUNT = 2000;

    private static NewtRuntime runtime(final NewtRuntime.Builder b, final UnaryOperator<WireConfig> wire) {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> wire.apply(w.latency(Duration.ofMillis(1))))
            .build();
        return t.install(b)
            .server(WorkloadSpecs.udpEchoServer(t.host("b"), 7))
            .server(WorkloadSpecs.udpEchoClient(t.host("a"), t.host("b").address(), 7, COUNT,
                Duration.ofMillis(1), 64, 99))
            .build();
    }

    private static long arp(final Stats a, final Stats b, final String dir) {
        return a.get("arp.requests." + dir) + a.get("arp.replies." + dir) + b.get("arp.requests." + dir)
            + b.get("arp.replies." + dir);
    }

    @Test
    void lossyWireLosesExactlyTheEchoesWhoseFramesTheWireDropped() throws Exception {
        final Path pcap = Path.of("target/pcap/udp-echo-lossy.pcap");
        final PcapTap tap = PcapTap.create(pcap);
        try (NewtRuntime rt = runtime(NewtRuntime.builder().seed(2024), w -> w.loss(0.01).capture(tap))) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.echo-client", Duration.ofSeconds(10));
            final NewtClient c = rt.client("test");
            final Stats wire = stats(rt, c, "wire.a-b");
            final long arpLost = arp(stats(rt, c, "a.ip"), stats(rt, c, "b.ip"), "out")
                - arp(stats(rt, c, "a.ip"), stats(rt, c, "b.ip"), "in");
            assertThat(figure(s, "sent")).isEqualTo(COUNT);
            assertThat(figure(s, "received") + figure(s, "lost")).isEqualTo(COUNT);
            assertThat(figure(s, "duplicated")).isZero();
            assertThat(figure(s, "corrupted")).isZero();
            assertThat(wire.get("lost")).as("1%% of ~4000 frames").isBetween(20L, 70L);
            // Every lost frame that was not ARP carried a request or its echo: one echo lost each.
            assertThat(figure(s, "lost")).isEqualTo(wire.get("lost") - arpLost);
            rt.close();
            final List<PcapRecord> frames = PcapReader.readAll(pcap);
            assertThat((long) frames.size()).isEqualTo(wire.get("frames.out"));
        }
    }

    @Test
    void duplicatingAndReorderingWireIsAccountedAndReproducibleFromItsSeed() throws Exception {
        final UnaryOperator<WireConfig> impair = w -> w.loss(0.02).duplicate(0.02)
            .reorder(0.05, Duration.ofMillis(3));
        Map<String, Object> first = null;
        for (int run = 0; run < 2; run++) {
            try (NewtRuntime rt = runtime(NewtRuntime.builder().seed(77), impair)) {
                rt.start();
                final Map<String, Object> s = awaitSummary(rt, "a.app.echo-client", Duration.ofSeconds(10));
                assertThat(figure(s, "received") + figure(s, "lost")).isEqualTo(COUNT);
                assertThat(figure(s, "duplicated")).isPositive();
                assertThat(figure(s, "corrupted")).isZero();
                if (first == null) {
                    first = s;
                } else {
                    assertThat(s).isEqualTo(first);
                }
            }
        }
    }

    @Test
    void corruptedFramesAreCaughtByChecksumsAndNeverReachTheApplication() throws Exception {
        try (NewtRuntime rt = runtime(NewtRuntime.builder().seed(5), w -> w.corrupt(0.05))) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.echo-client", Duration.ofSeconds(10));
            final NewtClient c = rt.client("test");
            final Stats wire = stats(rt, c, "wire.a-b");
            assertThat(wire.get("corrupted")).isPositive();
            assertThat(figure(s, "corrupted")).isZero();
            assertThat(figure(s, "received") + figure(s, "lost")).isEqualTo(COUNT);
            final long checksumDrops = stats(rt, c, "a.ip").get("drop.BAD_CHECKSUM")
                + stats(rt, c, "b.ip").get("drop.BAD_CHECKSUM") + stats(rt, c, "a.udp").get("drop.BAD_CHECKSUM")
                + stats(rt, c, "b.udp").get("drop.BAD_CHECKSUM");
            assertThat(checksumDrops).isPositive().isLessThanOrEqualTo(wire.get("corrupted"));
        }
    }

    @Test
    void cleanWireDeliversEveryEchoOnTheThreadedExecutor() throws Exception {
        try (NewtRuntime rt = runtime(NewtRuntime.builder().threaded("park"), w -> w)) {
            rt.start();
            final Map<String, Object> s = awaitSummary(rt, "a.app.echo-client", Duration.ofSeconds(60));
            assertThat(figure(s, "received")).isEqualTo(COUNT);
            assertThat(figure(s, "lost")).isZero();
        }
    }
}
