package dev.newt.cli;

import dev.newt.core.server.RecoveryPolicy;
import dev.newt.demo.PipelineDemo;
import dev.newt.demo.PipelineDemo.Mode;
import dev.newt.demo.PipelineDemo.Result;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.Campaign;
import dev.newt.core.image.ServerImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code newt demo}: the default campaign (examples/default.yaml: a fault of every type in every
 * server of a two-host network under bulk, rpc and udp workloads); with {@code --pipeline}, the
 * pipeline crash demonstration on the core runtime; with {@code --live}, a system under the control
 * API and dashboard until stopped ({@link LiveDemo}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the default campaign (examples/default.yaml): two hosts over a lossy wire carrying bulk, "
        + "rpc and udp echo workloads, and a fault of every type in every server of the network stack, on the "
        + "simulated executor; prints the outcomes and where the results are (OUT/results).",
        "With --pipeline: a pipeline of three servers (source -> transform -> sink) under load, the transform "
            + "crashed by hand halfway, under each recovery policy; then twice on the simulated executor to show "
            + "the run is reproducible from its seed.",
        "With --live: examples/live.yaml's two hosts and workloads at real-time pace under newt serve's control API "
            + "and dashboard, until stopped; prints the dashboard's URL, the token and the README's sequence.",
        "Exit code 0 when the demo ran as expected, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {
    private static final String CAMPAIGN = "examples/default.yaml";

    @Option(names = "--pipeline", description = "Run the pipeline crash demonstration instead.")
    boolean pipeline;

    @Option(names = "--live", description = "Run a system with its workloads at real-time pace under the control API "
        + "and dashboard instead (examples/live.yaml); prints the dashboard's URL and token; until stopped.")
    boolean live;

    @Option(names = "--port", defaultValue = "8020", paramLabel = "P",
        description = "--live: the control API's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "--live: the token mutating requests must carry (default: a new random one, printed).")
    String token;

    @Option(names = "--jobs", description = "Experiments run at once (default: the number of processors).")
    Integer jobs;

    @Option(names = "--items", defaultValue = "200000",
        description = "--pipeline: items per run (default: ${DEFAULT-VALUE}).")
    long items;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "newt-out/demo",
        description = "Directory for the campaign and its results, or the pipeline's event logs "
            + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (live && token != null && token.isBlank()) {
            System.err.println("newt demo: --token must not be empty");
            return NewtCli.USAGE;
        }
        if (live && pipeline) {
            System.err.println("newt demo: --live and --pipeline are two demos; choose one");
            return NewtCli.USAGE;
        }
        return live ? live() : pipeline ? pipeline() : campaign();
    }

    /** {@code --live}: serves examples/live.yaml until Ctrl-C or {@code POST /api/stop}. */
    private Integer live() throws Exception {
        Files.createDirectories(out);
        final Path file = campaignFile(LiveDemo.CAMPAIGN, "live.yaml");
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "newt-demo-live-shutdown"));
        try {
            return LiveDemo.run(file, port, token, imagesDirectory(), stop, System.out, System.err);
        } finally {
            closed.countDown();
        }
    }

    /** update-manager's images beside the checkout the jar runs from, else where a checkout keeps them. */
    private static Path imagesDirectory() {
        try {
            final Path jarDir = Path.of(ServerImage.locationOf(DemoCommand.class).toURI()).getParent();
            if (jarDir.getFileName().toString().equals("target")) {
                return jarDir.resolve("../../update-manager/target/images").normalize();
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Not run from a jar on the file system.
        }
        return Path.of("update-manager/target/images").toAbsolutePath();
    }

    /**
     * Runs the checkout's examples/default.yaml (its live updates name images that update-manager's
     * build makes beside it), or, outside a checkout, the copy in the jar; the results afresh.
     */
    private Integer campaign() throws Exception {
        Files.createDirectories(out);
        final Path file = campaignFile(CAMPAIGN, "default.yaml");
        final Path results = out.resolve("results");
        deleteRecursively(results);
        Campaign c = CampaignFiles.load(file, System.err);
        if (c == null) {
            return NewtCli.UNEXPECTED;
        }
        c = c.withSeed(seed);
        final int n = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        return RunCommand.run(c, file, results, n, false, Shard.ALL, "newt demo --seed " + seed + " --jobs " + n);
    }

    /** The checkout's file when the jar runs from app/target, else a copy of the jar's (a forked run reads it). */
    private Path campaignFile(final String campaign, final String copy) throws IOException {
        try {
            final Path jarDir = Path.of(ServerImage.locationOf(DemoCommand.class).toURI()).getParent();
            final Path checkout = jarDir.resolveSibling(campaign).normalize();
            if (jarDir.getFileName().toString().equals("target") && Files.exists(checkout)) {
                return checkout;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Not run from a jar on the file system: use the copy.
        }
        final Path file = out.resolve(copy);
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(campaign)) {
            if (in == null) {
                throw new IllegalStateException(campaign + " is missing from the newt jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** The demo's own results directory, made afresh on every run. */
    private static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Integer pipeline() throws Exception {
        if (items < 2) {
            throw new IllegalArgumentException("--items must be at least 2, was " + items);
        }
        Files.createDirectories(out);
        final PrintStream o = System.out;
        o.printf("Newt demo: source -> transform -> sink, %,d items; the transform crashes after item %,d.%n",
            items, PipelineDemo.crashAfter(items));
        o.println("The sink checks every item's sequence and recomputes the transform's running digest.");
        o.println();
        final List<Result> results = new ArrayList<>();
        for (RecoveryPolicy p : RecoveryPolicy.values()) {
            o.printf("  running threaded, transform recovery %-18s ...%n", p.label());
            results.add(PipelineDemo.run(p, Mode.THREADED, items, seed, out.resolve("threaded-" + file(p))));
        }
        o.println();
        o.printf("%-18s %-9s %10s %8s %12s %6s %6s %12s  %s%n", "recovery", "executor", "items/s", "crashes",
            "downtime", "lost", "dups", "wrong-digest", "kept what it promises");
        boolean allAsPromised = true;
        for (Result r : results) {
            final boolean ok = PipelineDemo.asPromised(r);
            allAsPromised &= ok;
            o.printf(Locale.ROOT, "%-18s %-9s %,10.0f %8d %9.3f ms %6d %6d %12d  %s%n", r.policy().label(),
                "threaded", r.itemsPerSecond(), r.crashes(), r.downtimeNanos() / 1e6, r.verdict().lost(),
                r.verdict().duplicated(), r.verdict().wrongDigest(), ok ? "yes" : "NO");
        }
        o.println();
        o.println("What to read: no policy loses or duplicates an item (they wait in the mailbox while the "
            + "transform is down).");
        o.println("'fresh' forgets the digest, 'checkpoint' rolls it back to the last checkpoint (every 100 "
            + "messages),");
        o.println("so every later digest is wrong; 'checkpoint+replay' replays the logged messages and keeps it "
            + "exact.");
        o.println();
        final long simItems = Math.min(items, 20_000);
        final Result a = PipelineDemo.run(RecoveryPolicy.CHECKPOINT_REPLAY, Mode.SIMULATED, simItems, seed,
            out.resolve("simulated-a.jsonl"));
        final Result b = PipelineDemo.run(RecoveryPolicy.CHECKPOINT_REPLAY, Mode.SIMULATED, simItems, seed,
            out.resolve("simulated-b.jsonl"));
        final boolean same = a.eventLogSha256().equals(b.eventLogSha256());
        o.printf("Simulated executor, %,d items, seed %d, run twice: event logs %s (sha256 %s...)%n", simItems,
            seed, same ? "identical" : "DIFFERENT", a.eventLogSha256().substring(0, 16));
        o.printf(Locale.ROOT, "  virtual time %.3f ms, downtime %.3f ms virtual, verdict %s%n", a.elapsedNanos() / 1e6,
            a.downtimeNanos() / 1e6, a.verdict());
        o.println();
        o.println("Event logs: " + out.toAbsolutePath());
        return allAsPromised && same && PipelineDemo.asPromised(a) ? NewtCli.OK : NewtCli.UNEXPECTED;
    }

    private static String file(final RecoveryPolicy p) {
        return p.label().replace('+', '-') + ".jsonl";
    }
}
