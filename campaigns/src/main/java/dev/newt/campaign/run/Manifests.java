package dev.newt.campaign.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.yaml.InputFiles;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Writes and reads {@code campaign.json}. */
public final class Manifests {
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

    /**
     * The commit of the checkout the command runs in: {@code NEWT_GIT_COMMIT} if set, else what
     * {@code git rev-parse HEAD} says within a second, else {@code unknown}.
     */
    private static String gitCommit() {
        final String env = System.getenv("NEWT_GIT_COMMIT");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            final Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            final String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static void write(final Path dir, final CampaignManifest m) throws CampaignException {
        try {
            ResultsJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), m);
        } catch (IOException e) {
            throw new CampaignException("cannot write " + dir.resolve(FILE) + ": " + InputFiles.reason(e));
        }
    }

    /**
     * @param dir a results directory
     * @return its manifest
     * @throws CampaignException naming the file when it is missing or not a manifest
     */
    public static CampaignManifest read(final Path dir) throws CampaignException {
        final Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new CampaignException(dir + " is not a results directory: it has no " + FILE);
        }
        try {
            return ResultsJson.MAPPER.readValue(InputFiles.read(f, InputFiles.MAX_CAMPAIGN_BYTES),
                CampaignManifest.class);
        } catch (InputFiles.Refused e) {
            throw new CampaignException(f + ": " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new CampaignException(f + ": not a campaign manifest: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CampaignException(f + ": not a campaign manifest: " + InputFiles.reason(e));
        }
    }
}
