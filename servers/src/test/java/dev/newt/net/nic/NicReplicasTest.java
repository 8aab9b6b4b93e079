package dev.newt.net.nic;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.link.LinkSpecs;
import dev.newt.net.link.TestFrames;
import dev.newt.net.msg.Frame;
import dev.newt.net.wire.EtherType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nic of host a with three replicas of its stack, between clients that stand in for its link
 * and the ips of the replicas ({@code a.ip}, {@code a.ip#1}, {@code a.ip#2}).
 */
class NicReplicasTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b").withReplicas(3);

    private NewtRuntime rt;
    private NewtClient link;
    private final List<NewtClient> ips = new ArrayList<>();

    @BeforeEach
    void start() {
        rt = NewtRuntime.builder().seed(7).server(LinkSpecs.nic(A)).build();
        rt.start();
        rt.runFor(Duration.ofMillis(1));
        link = rt.client("wire.a-b");
        for (String ip : List.of("a.ip", "a.ip#1", "a.ip#2")) {
            ips.add(rt.client(ip));
        }
    }

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void tcpGoesToItsTuplesReplicaArpToEveryReplicaTheRestToReplicaZero() {
        final int[] expected = new int[3];
        for (int port = 40000; port < 40060; port++) {
            link.send("a.nic", new Frame(tcp(port)));
            expected[FlowHash.replica(0x0A00_0002, port, 0x0A00_0001, 80, 3)]++;
        }
        link.send("a.nic", new Frame(other(EtherType.ARP, 0)));
        link.send("a.nic", new Frame(other(EtherType.IPV4, 17)));
        rt.runFor(Duration.ofMillis(1));
        for (int r = 0; r < 3; r++) {
            final List<Envelope> got = drain(ips.get(r));
            final long tcp = got.stream().filter(e -> TestFrames.bytes(e)[23] == 6).count();
            assertThat(tcp).as("TCP frames in replica %d", r).isEqualTo(expected[r]).isPositive();
            assertThat(got.stream().filter(e -> isArp(TestFrames.bytes(e))).count()).as("ARP in replica %d", r)
                .isEqualTo(1);
            assertThat(got.stream().filter(e -> TestFrames.bytes(e)[23] == 17).count()).as("UDP in replica %d", r)
                .isEqualTo(r == 0 ? 1 : 0);
        }
        assertThat(TestFrames.stats(rt, rt.client("probe"), "a.nic").get("rx.frames")).isEqualTo(62);
    }

    @Test
    void everyReplicasIpTransmitsOnTheLink() {
        for (NewtClient ip : ips) {
            ip.send("a.nic", new Frame(tcp(1234)));
        }
        rt.runFor(Duration.ofMillis(1));
        assertThat(drain(link)).hasSize(3);
        assertThat(TestFrames.stats(rt, rt.client("probe"), "a.nic").get("drop.unexpected_sender")).isZero();
    }

    private static boolean isArp(final byte[] f) {
        return ((f[12] & 0xFF) << 8 | (f[13] & 0xFF)) == EtherType.ARP;
    }

    /** A frame to a's MAC: IPv4 TCP from 10.0.0.2:{@code port} to 10.0.0.1:80. */
    private static byte[] tcp(final int port) {
        final byte[] f = other(EtherType.IPV4, 6);
        f[34] = (byte) (port >>> 8);
        f[35] = (byte) port;
        f[37] = 80;
        return f;
    }

    private static byte[] other(final int etherType, final int protocol) {
        final byte[] f = new byte[60];
        System.arraycopy(MAC_A.toBytes(), 0, f, 0, 6);
        System.arraycopy(MAC_B.toBytes(), 0, f, 6, 6);
        f[12] = (byte) (etherType >>> 8);
        f[13] = (byte) etherType;
        f[14] = 0x45;
        f[23] = (byte) protocol;
        f[26] = 10;
        f[29] = 2;
        f[30] = 10;
        f[33] = 1;
        return f;
    }
}
