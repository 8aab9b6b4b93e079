package dev.newt.example.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.results.ExperimentResult;
import dev.newt.results.ResultsDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign's {@code updates:} entry naming a server with {@code isolation: process} (issue 23):
 * kv-update.yaml and kv-broken-update.yaml with the key-value server in a child JVM. The new
 * version starts in a fresh child that loads the update's image itself; the results are those of
 * the same campaigns in one JVM (KvCampaignTest): committed with the store intact, and the broken
 * releases rolled back with nothing lost.
 */
class KvIsolatedUpdateTest {
    @TempDir
    Path dir;

    /** The campaign {@code file}, with kv isolated and its images' paths absolute, run; its golden run. */
    private ExperimentResult golden(final String file) throws Exception {
        final String text = Files.readString(Path.of(file))
            .replace("image: target/", "image: " + Path.of("target").toAbsolutePath() + "/")
            .replace("      args: [16]\n", "      args: [16]\n      isolation: process\n");
        assertThat(text).contains("isolation: process");
        final Path campaign = dir.resolve(file);
        Files.writeString(campaign, text);
        final CampaignReader.Result read = CampaignReader.read(campaign);
        assertThat(read.problems()).isEmpty();
        final Path out = dir.resolve("out-" + file);
        CampaignRunner.run(read.campaign(), campaign, new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(OutputStream.nullOutputStream()), false, -1));
        return ResultsDirectory.read(out).results().get(0);
    }

    @Test
    void anIsolatedServerIsUpdatedLiveToVersionTwoInAFreshChild() throws Exception {
        final ExperimentResult golden = golden("kv-update.yaml");
        assertThat(golden.updates()).hasSize(1);
        assertThat(golden.updates().get(0).result()).as(golden.updates().get(0).reason()).isEqualTo("committed");
        assertThat(golden.bytesCorrupted()).isZero();
        assertThat(golden.requestsFailed()).isZero();
        assertThat(golden.workload()).containsKey("kv-check");
    }

    @Test
    void brokenReleasesOfAnIsolatedServerAreRolledBackWithNothingLost() throws Exception {
        final ExperimentResult golden = golden("kv-broken-update.yaml");
        assertThat(golden.updates()).as(golden.updates().toString()).extracting(u -> u.result())
            .containsExactly("rolled-back", "rolled-back");
        assertThat(golden.updates().get(0).reason()).contains("failed to start");
        assertThat(golden.updates().get(1).reason()).contains("failed on probation");
        assertThat(golden.bytesCorrupted()).isZero();
        assertThat(golden.requestsFailed()).isZero();
    }
}
