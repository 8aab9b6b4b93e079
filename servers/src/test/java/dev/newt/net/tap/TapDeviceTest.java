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
}
