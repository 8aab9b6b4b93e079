package dev.newt.campaign.run;

import dev.newt.campaign.spec.Campaign;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ResultsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Writes and reads {@code campaign.json}. */
final class Manifests {
    static final String FILE = "campaign.json";

    private Manifests() {
    }

    static CampaignManifest of(final Campaign c, final Shard shard, final int experiments, final String command) {
        final Package p = Manifests.class.getPackage();
        final String version = p.getImplementationVersion() == null ? "development build" : p.getImplementationVersion();
        return new CampaignManifest(c.name(), c.seed(), c.executor(), c.file(), c.fileSha256(), gitCommit(), version,
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " processors",
            Instant.now().toString(), command, experiments, shard.index(), shard.count());
    }

    /** The commit of the build, from the {@code NEWT_GIT_COMMIT} environment variable if set. */
    private static String gitCommit() {
        final String env = System.getenv("NEWT_GIT_COMMIT");
        return env == null || env.isBlank() ? "unknown" : env;
    }

    static void write(final Path dir, final CampaignManifest m) {
        try {
            ResultsJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    static CampaignManifest read(final Path dir) throws CampaignException {
        final Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new CampaignException(dir + " is not a results directory: it has no " + FILE);
        }
        try {
            return ResultsJson.MAPPER.readValue(f.toFile(), CampaignManifest.class);
        } catch (IOException e) {
            throw new CampaignException(f + ": not a campaign manifest: " + e.getMessage());
        }
    }
}
