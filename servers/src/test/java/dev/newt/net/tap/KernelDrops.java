package dev.newt.net.tap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel dropping a share of the frames on the TAP device, both ways, with nftables (these
 * kernels have no netem): a {@code netdev} table in the scenario's namespace whose ingress chain
 * drops frames Newt sent and whose egress chain drops frames the kernel sends to Newt, each with
 * {@code numgen random mod 100 < percent}, counted. Closing deletes the table (deleting the
 * namespace would too).
 */
final class KernelDrops implements AutoCloseable {
    private static final String TABLE = "newt_drops";
    private static final Pattern PACKETS = Pattern.compile("counter packets (\\d+)");
    private static final Duration NFT_TIMEOUT = Duration.ofSeconds(10);

    private final TapNamespace ns;
    private boolean closed;

    private KernelDrops(final TapNamespace ns) {
        this.ns = ns;
    }

    /** Skips the test when nft is not installed. */
    static KernelDrops install(final TapNamespace ns, final Path scratch, final int percent) throws IOException {
        TapFixture.requireTool("nft");
        final String dev = TapNamespace.DEVICE;
        final String rules = "table netdev " + TABLE + " {\n"
            + "  chain from_newt { type filter hook ingress device \"" + dev + "\" priority 0; "
            + "numgen random mod 100 < " + percent + " counter drop; }\n"
            + "  chain to_newt { type filter hook egress device \"" + dev + "\" priority 0; "
            + "numgen random mod 100 < " + percent + " counter drop; }\n"
            + "}\n";
        final Path file = Files.writeString(scratch.resolve("drops.nft"), rules);
        ns.run(NFT_TIMEOUT, "nft", "-f", file.toString()).orThrow();
        return new KernelDrops(ns);
    }

    /** @return frames dropped so far, both ways */
    long dropped() throws IOException {
        final Command list = ns.run(NFT_TIMEOUT, "nft", "list", "table", "netdev", TABLE).orThrow();
        final Matcher m = PACKETS.matcher(list.stdout());
        long n = 0;
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            ns.run(NFT_TIMEOUT, "nft", "delete", "table", "netdev", TABLE).orThrow();
        }
    }
}
