package dev.newt.net.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Stats;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.MacAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The link's own behaviour, over an in-memory device (no root needed): frames both ways through a
 * real host, malformed frames dropped and counted, a failing device, and no thread left behind.
 */
class TapLinkTest {
    private static final MacAddress KERNEL_MAC = MacAddress.parse("02:00:00:00:00:99");
    private static final Ipv4Address KERNEL = Ipv4Address.parse("10.77.0.1");
    private static final Ipv4Address NEWT = Ipv4Address.parse("10.77.0.2");

    private static TapHost host(final FakeDevice dev) {
        return TapHost.builder("newt", NEWT + "/24", dev).start();
    }

    private static byte[] arpRequestForNewt() {
        return EthernetFrame.of(MacAddress.BROADCAST, KERNEL_MAC, EtherType.ARP,
            ArpPacket.request(KERNEL_MAC, KERNEL, NEWT).encode()).encode();
    }

    @Test
    void aRuntFrameIsDroppedTruncatedAndAnArpRequestIsAnsweredThroughTheHost() throws Exception {
        final FakeDevice dev = new FakeDevice("fake0");
        try (TapHost h = host(dev)) {
            dev.fromKernel.add(new byte[10]);
            dev.fromKernel.add(arpRequestForNewt());
            final byte[] reply = dev.toKernel.poll(5, TimeUnit.SECONDS);
            assertThat(reply).as("an ARP reply written to the device").isNotNull();
            final EthernetFrame f = EthernetFrame.decode(reply).value();
            assertThat(f.destination()).isEqualTo(KERNEL_MAC);
            final ArpPacket arp = ArpPacket.decode(f.payload()).value();
            assertThat(arp.operation()).isEqualTo(ArpPacket.Operation.REPLY);
            assertThat(arp.senderIp()).isEqualTo(NEWT);
            assertThat(arp.senderMac()).isEqualTo(h.host().mac());

            final Stats link = settledStats(h);
            assertThat(link.get("rx.drop.TRUNCATED")).as("%s", link).isEqualTo(1);
            assertThat(link.get("rx.frames")).isEqualTo(1);
            assertThat(link.get("tx.frames")).isEqualTo(1);
            assertThat(link.get("tx.bytes")).isEqualTo(reply.length);
        }
    }

    @Test
    void closingStopsBothThreadsAndClosesTheDevice() {
        final FakeDevice dev = new FakeDevice("fake1");
        final TapHost h = host(dev);
        assertThat(threadsOf("fake1")).hasSize(2);
        h.close();
        assertThat(dev.closed()).isTrue();
        assertThat(h.link().unstoppedThreads()).isEmpty();
        assertThat(threadsOf("fake1")).isEmpty();
    }

    @Test
    void aFailingDeviceStopsTheReaderAndKeepsTheError() throws Exception {
        final FakeDevice dev = new FakeDevice("fake2");
        try (TapHost h = host(dev)) {
            dev.failReads(new IOException("device went away"));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (h.link().failure().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(h.link().failure()).get().extracting(Throwable::getMessage).isEqualTo("device went away");
        }
    }

    @Test
    void theSimulatedExecutorIsRefusedNamingTheDevice() {
        final FakeDevice dev = new FakeDevice("fake3");
        assertThatThrownBy(() -> TapHost.builder("newt", NEWT + "/24", dev)
            .runtime(NewtRuntime.builder().simulated()).start())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tap 'fake3'")
            .hasMessageContaining("simulated");
        assertThat(dev.closed()).as("a host that failed to start closes its device").isTrue();
    }

    /**
     * The link's counters once the runt is counted, or after a bound. The reader counts the runt
     * before it passes the ARP request on, so the wait should never be needed; it is here because
     * one run in about 2,000 of the full suite saw 0 (cause not found, see the assertion's message).
     */
    private static Stats settledStats(final TapHost h) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Stats s = h.stats(h.link().endpoint(), Duration.ofSeconds(5));
        while (s.get("rx.drop.TRUNCATED") == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            s = h.stats(h.link().endpoint(), Duration.ofSeconds(5));
        }
        return s;
    }

    private static java.util.List<Thread> threadsOf(final String device) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("newt-tap-" + device + "-") && t.isAlive()).toList();
    }
}
