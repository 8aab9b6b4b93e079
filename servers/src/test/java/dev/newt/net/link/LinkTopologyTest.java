package dev.newt.net.link;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.awaitOne;
import static dev.newt.net.link.TestFrames.bytes;
import static dev.newt.net.link.TestFrames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.Frame;
import dev.newt.net.wire.MacAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two hosts' nics on one wire, built from {@link LinkSpecs}, with their ip servers played by clients. */
class LinkTopologyTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");

    private static NewtRuntime twoHosts() {
        final WireConfig wire = WireConfig.between("wire.a-b", "a.nic", "b.nic")
            .latency(Duration.ofMillis(2))
            .bandwidth(100_000_000);
        final NewtRuntime rt = NewtRuntime.builder().seed(4)
            .server(LinkSpecs.nic(A))
            .server(LinkSpecs.wire(wire))
            .server(LinkSpecs.nic(B))
            .build();
        rt.start();
        rt.runFor(Duration.ofMillis(1));
        return rt;
    }

    @Test
    void frameFromOneIpReachesTheOtherThroughNicWireNic() {
        try (NewtRuntime rt = twoHosts()) {
            final NewtClient ipA = rt.client("a.ip");
            final NewtClient ipB = rt.client("b.ip");
            assertThat(B.mac()).isEqualTo(MAC_B);
            final byte[] frame = numbered(MAC_A, MAC_B, 7, 1250);
            final long t0 = rt.now();
            ipA.send("a.nic", new Frame(frame));

            final Envelope got = awaitOne(rt, ipB, Duration.ofMillis(10));
            assertThat(got.from()).isEqualTo("b.nic");
            assertThat(bytes(got)).isEqualTo(frame);
            // a.nic forwards at t0 (the only runnable server), the wire takes 100 µs to serialize
            // 1250 bytes at 100 Mbit/s and 2 ms to propagate, and b.nic forwards one step later.
            assertThat(got.sentAt() - t0).isEqualTo(100_000 + 2_000_000 + 1_000);

            ipB.send("b.nic", new Frame(numbered(MAC_B, MacAddress.BROADCAST, 8, 60)));
            assertThat(TestFrames.headSeq(bytes(awaitOne(rt, ipA, Duration.ofMillis(10))))).isEqualTo(8);

            final NewtClient probe = rt.client("probe");
            assertThat(TestFrames.stats(rt, probe, "a.nic").get("tx.frames")).isEqualTo(1);
            assertThat(TestFrames.stats(rt, probe, "a.nic").get("rx.frames")).isEqualTo(1);
            assertThat(TestFrames.stats(rt, probe, "b.nic").get("rx.bytes")).isEqualTo(1250);
            assertThat(TestFrames.stats(rt, probe, "wire.a-b").get("frames.out")).isEqualTo(2);
        }
    }

    @Test
    void frameForAThirdMacCrossesTheWireButTheReceivingNicDropsIt() {
        try (NewtRuntime rt = twoHosts()) {
            final NewtClient ipA = rt.client("a.ip");
            final NewtClient ipB = rt.client("b.ip");
            ipA.send("a.nic", new Frame(numbered(MAC_A, MacAddress.parse("02:00:0a:00:00:63"), 1, 100)));
            rt.runFor(Duration.ofMillis(10));
            assertThat(ipB.poll()).isNull();
            final NewtClient probe = rt.client("probe");
            assertThat(TestFrames.stats(rt, probe, "wire.a-b").get("ab.frames.out")).isEqualTo(1);
            assertThat(TestFrames.stats(rt, probe, "b.nic").get("rx.drop.NOT_FOR_US")).isEqualTo(1);
        }
    }
}
