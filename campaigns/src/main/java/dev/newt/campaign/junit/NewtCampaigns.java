package dev.newt.campaign.junit;

import dev.newt.campaign.run.CampaignException;
import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.SiteChecks;
import dev.newt.campaign.validate.Problem;
import dev.newt.results.ExperimentResult;
import dev.newt.results.ResultsDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Runs a campaign file with the engine as a library, as {@code newt run} does, without its CLI. */
public final class NewtCampaigns {
    private NewtCampaigns() {
    }

    /**
     * @param file a campaign file
     * @param out  an empty or absent results directory
     * @return its results
     * @throws IllegalArgumentException listing every problem (file:line:col) when the file is not valid
     */
    public static CampaignResults run(final Path file, final Path out) {
        final CampaignReader.Result read = CampaignReader.read(file);
        final List<Problem> problems = new ArrayList<>(read.problems());
        if (read.valid()) {
            problems.addAll(SiteChecks.check(read.campaign()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("campaign " + file + " is not valid:\n" + problems.stream()
                .map(Problem::toString).collect(Collectors.joining("\n")));
        }
        try {
            Files.createDirectories(out);
            CampaignRunner.run(read.campaign(), file, new CampaignRunner.Options(out, 1, false, Shard.ALL,
                "junit " + file, new PrintStream(OutputStream.nullOutputStream()), false, -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CampaignException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        final List<ExperimentResult> all = ResultsDirectory.read(out).results();
        return new CampaignResults(out, all.stream().filter(ExperimentResult::golden).findFirst().orElseThrow(),
            all.stream().filter(r -> !r.golden()).toList());
    }

    /**
     * @param file a campaign file
     * @return its results, in a fresh directory under the system's temporary directory
     */
    public static CampaignResults run(final Path file) {
        try {
            return run(file, Files.createTempDirectory("newt-" + file.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
