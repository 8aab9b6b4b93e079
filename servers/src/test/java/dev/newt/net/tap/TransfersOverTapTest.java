package dev.newt.net.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.app.HttpResponse;
import dev.newt.net.msg.Stats;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Files each way between Linux and a Newt host on a TAP device: curl downloading from Newt's HTTP
 * server, and Newt's HTTP client downloading from Python's; on a clean link, with the kernel
 * dropping 5% of the frames each way (nftables), and with Newt's side of the link duplicating and
 * reordering frames. Every byte must arrive, checked by SHA-256.
 */
class TransfersOverTapTest {
    private static final int KERNEL_DROP_PERCENT = 5;
    private static final UnaryOperator<TapHost.Builder> REORDER_AND_DUPLICATE =
        b -> b.wire(w -> w.duplicate(0.03).reorder(0.03, Duration.ofMillis(2)));

    private static void curlFromNewt(final TapScenario s, final String path, final byte[] expected)
        throws Exception {
        assertThat(TapScenario.sha256(s.curlFromNewt(path))).isEqualTo(TapScenario.sha256(expected));
    }

    private static void newtFromLinux(final TapScenario s, final String path, final byte[] file) throws Exception {
        LinuxHttpServer.start(s.ns, s.dir.resolve("www"), path, file);
        final HttpResponse r = LinuxHttpServer.fetch(s.newt.runtime(), TapScenario.HOST, path,
            TapScenario.TRANSFER_LIMIT);
        assertThat(r.status()).isEqualTo(200);
        assertThat(TapScenario.sha256(r.body())).isEqualTo(TapScenario.sha256(file));
    }

    @Test
    void newtDownloadsFourMegabytesFromALinuxHttpServer() throws Exception {
        try (TapScenario s = TapScenario.start()) {
            newtFromLinux(s, TapScenario.PATH, TapScenario.FILE);
        }
    }

    @Test
    void bothTransfersCompleteWhileTheKernelDropsFivePercentOfFramesEachWay() throws Exception {
        try (TapScenario s = TapScenario.start(); KernelDrops drops = KernelDrops.install(s.ns, s.dir,
            KERNEL_DROP_PERCENT)) {
            curlFromNewt(s, TapScenario.SMALL_PATH, TapScenario.SMALL_FILE);
            newtFromLinux(s, TapScenario.PATH, TapScenario.FILE);
            assertThat(drops.dropped()).as("frames the kernel dropped").isPositive();
            assertThat(s.newt.stats("newt.tcp", Duration.ofSeconds(5)).get("retransmits")).isPositive();
        }
    }

    @Test
    void bothTransfersCompleteWhileNewtsSideDuplicatesAndReordersFrames() throws Exception {
        try (TapScenario s = TapScenario.start(REORDER_AND_DUPLICATE)) {
            curlFromNewt(s, TapScenario.PATH, TapScenario.FILE);
            newtFromLinux(s, TapScenario.PATH, TapScenario.FILE);
            final Stats wire = s.newt.stats(s.newt.wire(), Duration.ofSeconds(5));
            assertThat(wire.get("duplicated")).isPositive();
            assertThat(wire.get("reordered")).isPositive();
        }
    }
}
