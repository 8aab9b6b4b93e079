package dev.newt.net.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The device alone: opened in a namespace, its MTU, frames both ways, bad names and namespaces. */
class TapDeviceTest {

    @Test
    void readsTheMtuAndTheKernelsArpRequestAndClosesCleanly() throws Exception {
        TapFixture.requireTool("ping");
        try (TapNamespace ns = TapFixture.namespace()) {
            ns.run(Duration.ofSeconds(5), "ip", "link", "set", TapNamespace.DEVICE, "mtu", "1400").orThrow();
            try (TapDevice dev = ns.openDevice()) {
                assertThat(dev.mtu()).isEqualTo(1400);
                assertThat(dev.name()).isEqualTo(TapNamespace.DEVICE);
                // The kernel asks who has the Newt address: an ARP request, broadcast, comes out.
                final Process ping = ns.start(Path.of("/dev/null"), "ping", "-c", "1", "-W", "1",
                    TapNamespace.NEWT.toString());
                byte[] frame = null;
                final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (frame == null && System.nanoTime() < deadline) {
                    frame = dev.read(Duration.ofMillis(100));
                }
                ping.destroy();
                assertThat(frame).isNotNull();
                assertThat(frame.length).isGreaterThanOrEqualTo(42);
                assertThat(frame[12]).isEqualTo((byte) 0x08);
                assertThat(frame[13]).isEqualTo((byte) 0x06);
            }
        }
    }

    @Test
    void aBadNameIsRefusedNamingIt() {
        assertThatThrownBy(() -> TapDevice.open("a-name-far-too-long")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'a-name-far-too-long'").hasMessageContaining("1..15");
        assertThatThrownBy(() -> TapDevice.open("no/slash")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'no/slash'");
    }

    @Test
    void aMissingNamespaceIsAnErrorNamingTheDeviceAndTheNamespace() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TapNamespace.unavailable().isEmpty(),
            () -> "skipped: " + TapNamespace.unavailable().orElse(""));
        final Path missing = Path.of("/run/netns/newt-no-such-namespace");
        assertThatThrownBy(() -> TapDevice.open("newt0", missing)).isInstanceOf(IOException.class)
            .hasMessageContaining("tap 'newt0'").hasMessageContaining(missing.toString())
            .hasMessageContaining("No such file");
    }

    @Test
    void closingTheNamespaceRemovesItAndItsDevice() throws Exception {
        final TapNamespace ns = TapFixture.namespace();
        final String name = ns.name();
        assertThat(TapNamespace.live()).contains(name);
        ns.close();
        assertThat(TapNamespace.live()).doesNotContain(name);
        final Command list = Command.run(Duration.ofSeconds(5), java.util.List.of(
            Command.find("ip").orElseThrow().toString(), "netns", "list"));
        assertThat(list.stdout()).doesNotContain(name);
    }
}
