package dev.newt.cli;

import dev.newt.campaign.spec.Campaign;
import dev.newt.serve.ControlApi;
import dev.newt.serve.LiveSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code newt serve FILE}: a campaign's system and workloads running until stopped, with the
 * control API and dashboard of docs/SERVE.md on 127.0.0.1.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Runs a campaign file's system and workloads until stopped (Ctrl-C or POST /api/stop), with "
        + "an HTTP control API and a dashboard on 127.0.0.1 (docs/SERVE.md).")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The campaign file (its system and workloads).")
    Path file;

    @Option(names = "--port", defaultValue = "8020", paramLabel = "P",
        description = "Port on 127.0.0.1, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "The token mutating requests must carry (default: a new random one, printed).")
    String token;

    @Option(names = "--executor", defaultValue = "simulated", paramLabel = "E",
        description = "simulated (at real-time pace) or threaded (default: ${DEFAULT-VALUE}).")
    String executor;

    @Override
    public Integer call() throws Exception {
        if (token != null && token.isBlank()) {
            System.err.println("newt serve: --token must not be empty");
            return NewtCli.USAGE;
        }
        if (!Campaign.EXECUTORS.contains(executor)) {
            System.err.println("newt serve: --executor must be one of " + Campaign.EXECUTORS);
            return NewtCli.USAGE;
        }
        final Campaign c = CampaignFiles.load(file, System.err);
        if (c == null) {
            return NewtCli.USAGE;
        }
        final String content = Files.readString(file, StandardCharsets.UTF_8);
        final CountDownLatch closed = new CountDownLatch(1);
        try (LiveSystem system = LiveSystem.start(c, file.toString(), content, executor);
             ControlApi api = ControlApi.start(system, port, token)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                api.stopped().countDown();
                try {
                    closed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "newt-serve-shutdown"));
            System.out.println("newt serve: " + c.name() + " (" + executor + ") at http://127.0.0.1:" + api.port()
                + "/  (Ctrl-C or POST /api/stop to stop)");
            ControlBanner.print(api, System.out);
            System.out.flush();
            api.stopped().await();
        } finally {
            closed.countDown();
        }
        System.out.println("newt serve: stopped");
        return NewtCli.OK;
    }
}
