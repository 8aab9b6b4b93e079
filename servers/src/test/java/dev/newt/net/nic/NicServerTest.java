package dev.newt.net.nic;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.bytes;
import static dev.newt.net.link.TestFrames.drain;
import static dev.newt.net.link.TestFrames.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.link.LinkSpecs;
import dev.newt.net.link.TestFrames;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.MacAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nic of host a (10.0.0.1, MAC 02:00:0a:00:00:01) on wire.a-b, between clients that stand in
 * for its link ({@code wire.a-b}) and its ip server ({@code a.ip}).
 */
class NicServerTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final MacAddress MULTICAST = MacAddress.parse("01:00:5e:00:00:01");

    private NewtRuntime rt;
    private NewtClient link;
    private NewtClient ip;

    @BeforeEach
    void start() {
        assertThat(A.mac()).isEqualTo(MAC_A);
        rt = NewtRuntime.builder().seed(7).server(LinkSpecs.nic(A)).build();
        rt.start();
        rt.runFor(Duration.ofMillis(1));
        link = rt.client("wire.a-b");
        ip = rt.client("a.ip");
    }

    @AfterEach
    void close() {
        rt.close();
    }

    private Stats stats() {
        return TestFrames.stats(rt, rt.client("probe"), "a.nic");
    }

    @Test
    void framesForOurMacBroadcastAndMulticastGoToIpUnchanged() {
        final byte[] unicast = numbered(MAC_B, MAC_A, 1, 100);
        final byte[] broadcast = numbered(MAC_B, MacAddress.BROADCAST, 2, 60);
        final byte[] multicast = numbered(MAC_B, MULTICAST, 3, 80);
        link.send("wire.a-b", new Frame(unicast));
        link.send("a.nic", new Frame(unicast));
        link.send("a.nic", new Frame(broadcast));
        link.send("a.nic", new Frame(multicast));
        rt.runFor(Duration.ofMillis(1));

        final List<Envelope> got = drain(ip);
        assertThat(got).extracting(Envelope::from).containsOnly("a.nic");
        assertThat(got).extracting(TestFrames::bytes).containsExactly(unicast, broadcast, multicast);
        assertThat(drain(link)).extracting(TestFrames::bytes).as("only the frame sent to the link itself")
            .containsExactly(unicast);

        final Stats s = stats();
        assertThat(s.get("rx.frames")).isEqualTo(3);
        assertThat(s.get("rx.bytes")).isEqualTo(100 + 60 + 80);
        assertThat(s.get("tx.frames")).isZero();
    }

    @Test
    void framesForOtherMacsAndTruncatedFramesAreDroppedWithTheirReasons() {
        link.send("a.nic", new Frame(numbered(MAC_A, MAC_B, 1, 100))); // for b
        link.send("a.nic", new Frame(numbered(MAC_A, MacAddress.parse("02:00:0a:00:00:03"), 2, 100)));
        link.send("a.nic", new Frame(new byte[13]));
        link.send("a.nic", new Frame(new byte[0]));
        final byte[] justAHeader = Arrays.copyOf(MAC_A.toBytes(), 14); // ours, empty payload
        link.send("a.nic", new Frame(justAHeader));
        rt.runFor(Duration.ofMillis(1));

        assertThat(drain(ip)).extracting(TestFrames::bytes).containsExactly(justAHeader);
        assertThat(stats().counters()).contains(
            entry("rx.frames", 1L),
            entry("rx.bytes", 14L),
            entry("rx.drop.NOT_FOR_US", 2L),
            entry("drop.NOT_FOR_US", 2L),
            entry("rx.drop.TRUNCATED", 2L),
            entry("drop.TRUNCATED", 2L));
    }

    @Test
    void framesFromIpGoToTheLinkUnchanged() {
        final byte[] toB = numbered(MAC_A, MAC_B, 1, 1514);
        final byte[] toAll = numbered(MAC_A, MacAddress.BROADCAST, 2, 60);
        ip.send("a.nic", new Frame(toB));
        ip.send("a.nic", new Frame(toAll));
        ip.send("a.nic", new Frame(new byte[10]));
        rt.runFor(Duration.ofMillis(1));

        final List<Envelope> got = drain(link);
        assertThat(got).extracting(Envelope::from).containsOnly("a.nic");
        assertThat(got).extracting(TestFrames::bytes).containsExactly(toB, toAll);
        assertThat(drain(ip)).isEmpty();
        assertThat(stats().counters()).contains(
            entry("tx.frames", 2L),
            entry("tx.bytes", 1514L + 60L),
            entry("tx.drop.TRUNCATED", 1L),
            entry("drop.TRUNCATED", 1L),
            entry("rx.frames", 0L));
    }

    @Test
    void fullMailboxOfTheNextHopIsCountedAsNoBufferSpaceBothWays() {
        // The clients' inboxes hold 4096 and the nic's mailbox 1024: feed it 2 x 500 at a time.
        for (int batch = 0; batch < 9; batch++) {
            for (int i = 0; i < 500; i++) {
                assertThat(link.send("a.nic", new Frame(numbered(MAC_B, MAC_A, batch * 1000 + i, 60)))).isTrue();
                assertThat(ip.send("a.nic", new Frame(numbered(MAC_A, MAC_B, batch * 1000 + i, 60)))).isTrue();
            }
            rt.runFor(Duration.ofMillis(10));
        }
        final Stats s = stats();
        assertThat(s.get("rx.frames")).isEqualTo(4096);
        assertThat(s.get("rx.drop.NO_BUFFER_SPACE")).isEqualTo(9 * 500 - 4096);
        assertThat(s.get("tx.frames")).isEqualTo(4096);
        assertThat(s.get("tx.drop.NO_BUFFER_SPACE")).isEqualTo(9 * 500 - 4096);
        assertThat(s.get("drop.NO_BUFFER_SPACE")).isEqualTo(2 * (9 * 500 - 4096));
        assertThat(drain(ip)).hasSize(4096);
        assertThat(rt.status("a.nic").restarts()).isZero();
    }

    @Test
    void framesFromStrangersAndUnknownMessagesAreDroppedAndCounted() {
        rt.client("b.nic").send("a.nic", new Frame(numbered(MAC_B, MAC_A, 1, 60)));
        link.send("a.nic", "not a frame");
        ip.send("a.nic", new Frame((byte[]) null));
        rt.runFor(Duration.ofMillis(1));
        assertThat(drain(ip)).isEmpty();
        assertThat(drain(link)).isEmpty();
        assertThat(stats().counters()).containsExactly(
            entry("drop.unexpected_message", 2L),
            entry("drop.unexpected_sender", 1L),
            entry("rx.bytes", 0L),
            entry("rx.frames", 0L),
            entry("tx.bytes", 0L),
            entry("tx.frames", 0L));
    }

    @Test
    void statsAnswerNamesTheNicAndCountersSurviveInItsCheckpoint() {
        link.send("a.nic", new Frame(numbered(MAC_B, MAC_A, 1, 70)));
        ip.send("a.nic", new Frame(numbered(MAC_A, MAC_B, 2, 90)));
        link.send("a.nic", new Frame(new byte[3]));
        rt.runFor(Duration.ofMillis(1));
        final Stats s = stats();
        assertThat(s.server()).isEqualTo("a.nic");
        assertThat(s.counters()).containsExactly(
            entry("drop.TRUNCATED", 1L),
            entry("drop.unexpected_message", 0L),
            entry("drop.unexpected_sender", 0L),
            entry("rx.bytes", 70L),
            entry("rx.drop.TRUNCATED", 1L),
            entry("rx.frames", 1L),
            entry("tx.bytes", 90L),
            entry("tx.frames", 1L));
        assertThat(bytes(drain(ip).get(0))).hasSize(70);
        // A nic's state is counters: its checkpoint waits for up to NIC_MINOR_WAIT frames.
        assertThat(rt.checkpointedState("a.nic", NicServer.State.class).rxFrames).isZero();
        for (int i = 3; i < LinkSpecs.NIC_MINOR_WAIT; i++) {
            link.send("a.nic", new Frame(new byte[3]));
        }
        rt.runFor(Duration.ofMillis(1));
        final NicServer.State cp = rt.checkpointedState("a.nic", NicServer.State.class);
        assertThat(cp.rxFrames).isEqualTo(1);
        assertThat(cp.rxDrops).containsExactly(entry("TRUNCATED", LinkSpecs.NIC_MINOR_WAIT - 2L));
    }
}
