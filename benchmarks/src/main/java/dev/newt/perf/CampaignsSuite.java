package dev.newt.perf;

import dev.newt.campaign.run.CampaignException;
import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.CampaignReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Experiments per minute: the TCP crash sweep example (18 experiments and a golden run) run by the
 * campaign runner with two jobs on the simulated executor (in process) and on the threaded one (a
 * forked JVM per experiment), into scratch directories removed afterwards.
 */
final class CampaignsSuite {
    private static final String EXAMPLE = "app/examples/tcp-crash-sweep.yaml";

    private CampaignsSuite() {
    }

    /**
     * @param quick    only the simulated executor (the threaded run takes about two minutes)
     * @param progress where a line per run goes
     * @return experiments per minute for each executor; nothing (and a line why) without the example file
     */
    static List<Figure> run(final boolean quick, final PrintStream progress) {
        final Path example = Path.of(EXAMPLE);
        if (!Files.isRegularFile(example)) {
            progress.println("  skipped: no " + example.toAbsolutePath() + " (run from the checkout)");
            return List.of();
        }
        final double simulated = perMinute(example, "simulated", progress);
        final Figure sim = new Figure("campaigns", "experiments/minute, simulated", simulated, simulated, simulated,
            "/min", ">= 333 (20,000/hour)");
        if (quick) {
            return List.of(sim);
        }
        final double threaded = perMinute(example, "threaded", progress);
        return List.of(sim, new Figure("campaigns", "experiments/minute, threaded (forked)", threaded, threaded,
            threaded, "/min", ""));
    }

    private static double perMinute(final Path example, final String executor, final PrintStream progress) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("newt-bench-campaign-");
            final String yaml = Files.readString(example).replaceFirst("(?m)^seed: (\\d+)$",
                "seed: $1\nexecutor: " + executor);
            final Path file = dir.resolve("campaign.yaml");
            Files.writeString(file, yaml);
            final CampaignReader.Result read = CampaignReader.read(file);
            if (!read.valid()) {
                throw new IllegalStateException("the example is not valid for " + executor + ": " + read.problems());
            }
            final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            final long start = System.nanoTime();
            final CampaignRunner.Summary s = CampaignRunner.run(read.campaign(), file, new CampaignRunner.Options(
                dir.resolve("out"), 2, false, Shard.ALL, "newt bench", quiet, false, -1));
            final double minutes = (System.nanoTime() - start) / 6e10;
            if (s.ran() == 0) {
                throw new IllegalStateException("the " + executor + " campaign ran no experiment; golden run: "
                    + s.golden().outcome().label() + ": " + s.golden().detail());
            }
            final double rate = s.ran() / minutes;
            progress.printf("  %-9s %d experiments (and the golden run) in %.1f s: %.0f per minute%n", executor,
                s.ran(), minutes * 60, rate);
            return rate;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CampaignException e) {
            throw new IllegalStateException("the " + executor + " campaign failed: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(final Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Scratch space under the temporary directory: left for the system to clean.
        }
    }
}
