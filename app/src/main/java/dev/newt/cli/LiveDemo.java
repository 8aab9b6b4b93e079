package dev.newt.cli;

import dev.newt.campaign.spec.Campaign;
import dev.newt.serve.ControlApi;
import dev.newt.serve.LiveSystem;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code newt demo --live}: examples/live.yaml's system and workloads at real-time pace under the
 * control API, with the dashboard's URL, the token and the README's sequence printed, until
 * stopped (Ctrl-C, {@code POST /api/stop}, or {@code stop}).
 */
final class LiveDemo {
    /** The campaign it runs, in the checkout's app/examples or the jar. */
    static final String CAMPAIGN = "examples/live.yaml";

    private LiveDemo() {
    }

    /**
     * @param file   the campaign file
     * @param port   the API's port on 127.0.0.1
     * @param token  the token, or {@code null} for a random one
     * @param images update-manager's images directory, for the sequence printed (may not exist)
     * @param stop   opened to stop (by the shutdown hook, or a test)
     * @param out    where the banner goes
     * @param err    where a bad file is reported
     * @return the exit code
     * @throws Exception if the system cannot start or the port cannot be bound
     */
    static int run(final Path file, final int port, final String token, final Path images, final CountDownLatch stop,
                   final PrintStream out, final PrintStream err) throws Exception {
        final Campaign c = CampaignFiles.load(file, err);
        if (c == null) {
            return NewtCli.UNEXPECTED;
        }
        final String content = Files.readString(file, StandardCharsets.UTF_8);
        try (LiveSystem system = LiveSystem.start(c, file.toString(), content, "simulated");
             ControlApi api = ControlApi.start(system, port, token)) {
            out.println("newt demo --live: " + c.name() + " (simulated at real-time pace): hosts a and b, bulk, rpc "
                + "and udp echo workloads from a to b");
            ControlBanner.print(api, out);
            final String url = " --url http://127.0.0.1:" + api.port();
            out.println("  the sequence (README, 'A live demo'), with NEWT_TOKEN exported:");
            out.println("    newt inject" + url + " '{\"target\": \"b.tcp\", \"fault\": \"crash\", \"trigger\": \"nth:1\"}'");
            out.println("    newt update" + url + " b.tcp " + images.resolve("tcp-v2"));
            out.println("    newt update" + url + " --class dev.newt.net.tcp.BrokenTcpServer --arg 0 a.tcp "
                + images.resolve("tcp-broken"));
            if (!Files.isDirectory(images.resolve("tcp-v2"))) {
                out.println("  (" + images + " is not built yet: mvn -B -q process-test-classes -pl update-manager -am)");
            }
            out.println("running; Ctrl-C or POST /api/stop to stop");
            out.flush();
            while (!stop.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)
                && api.stopped().getCount() > 0) {
                // polled: the shutdown hook's latch and the API's have no common wait
            }
        }
        out.println("newt demo --live: stopped");
        return NewtCli.OK;
    }
}
