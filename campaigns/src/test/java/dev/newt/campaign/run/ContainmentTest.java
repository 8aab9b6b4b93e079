package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.report.ReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is written outside the directory the user named: hostile results directories (event-log
 * paths that leave the directory, links out of it, garbage lines) and output directories that
 * hold something else.
 */
class ContainmentTest {
    static Campaign campaign;
    static Path slice;  // a whole run of the small campaign
    @TempDir
    static Path dir;

    @BeforeAll
    static void runTheSmallCampaign() throws Exception {
        campaign = CampaignReader.read(CampaignRunnerTest.FILE).campaign();
        slice = dir.resolve("slice");
        CampaignRunner.run(campaign, CampaignRunnerTest.FILE, CampaignRunnerTest.options(slice, 1, false,
            Shard.ALL, -1));
    }

    /** A copy of the slice whose results name {@code eventLog} for e0000. */
    private static Path hostileCopy(final String name, final String eventLog) throws Exception {
        final Path copy = dir.resolve(name);
        Files.createDirectories(copy.resolve("events"));
        Files.copy(slice.resolve("campaign.json"), copy.resolve("campaign.json"));
        try (var logs = Files.list(slice.resolve("events"))) {
            for (Path f : logs.toList()) {
                Files.copy(f, copy.resolve("events").resolve(f.getFileName().toString()));
            }
        }
        Files.writeString(copy.resolve("results.jsonl"), Files.readString(slice.resolve("results.jsonl"))
            .replace("\"eventLog\":\"events/e0000.jsonl\"", "\"eventLog\":\"" + eventLog + "\""));
        return copy;
    }

    @Test
    void mergeRefusesAnEventLogThatLeavesItsDirectoryAndOverwritesNothing() throws Exception {
        final Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "keep me");
        final Path copy = hostileCopy("escape", "../secret.txt");
        final Path out = dir.resolve("merged-escape");
        assertThatThrownBy(() -> Merge.merge(List.of(copy), out)).isInstanceOf(CampaignException.class)
            .hasMessageContaining("results.jsonl:2").hasMessageContaining("leaves the results directory");
        assertThat(Files.readString(secret)).isEqualTo("keep me");
        assertThat(out).doesNotExist();
        // Written the other way round: a path that escapes --out when resolved there.
        final Path copy2 = hostileCopy("escape2", "events/../../merged-escape2-victim");
        assertThatThrownBy(() -> Merge.merge(List.of(copy2), dir.resolve("merged-escape2")))
            .hasMessageContaining("leaves the results directory");
        assertThat(dir.resolve("merged-escape2-victim")).doesNotExist();
    }

    @Test
    void mergeDoesNotFollowALinkOutOfTheResultsDirectory() throws Exception {
        final Path outside = dir.resolve("outside.txt");
        Files.writeString(outside, "private");
        final Path copy = hostileCopy("linked", "events/e0000.jsonl");
        Files.delete(copy.resolve("events/e0000.jsonl"));
        Files.createSymbolicLink(copy.resolve("events/e0000.jsonl"), outside);
        final Path out = dir.resolve("merged-linked");
        assertThatThrownBy(() -> Merge.merge(List.of(copy), out)).isInstanceOf(CampaignException.class)
            .hasMessageContaining("events/e0000.jsonl").hasMessageContaining("link");
        assertThat(out).doesNotExist();
    }

    @Test
    void theReportDoesNotFollowALinkOutOfTheResultsDirectory() throws Exception {
        final Path outside = dir.resolve("outside-events.jsonl");
        Files.copy(slice.resolve("events/e0000.jsonl"), outside);
        final Path copy = hostileCopy("report-linked", "events/e0000.jsonl");
        Files.delete(copy.resolve("events/e0000.jsonl"));
        Files.createSymbolicLink(copy.resolve("events/e0000.jsonl"), outside);
        final ReportFiles report = ReportHook.write(copy);
        assertThat(report.warnings()).anyMatch(w -> w.contains("leaves the results directory"));
    }

    @Test
    void resumeRefusesAnEventLogThatLeavesItsDirectory() throws Exception {
        final Path copy = hostileCopy("resume-escape", "../../elsewhere.jsonl");
        assertThatThrownBy(() -> CampaignRunner.run(campaign, CampaignRunnerTest.FILE,
            CampaignRunnerTest.options(copy, 1, true, Shard.ALL, -1)))
            .isInstanceOf(CampaignException.class).hasMessageContaining("leaves the results directory");
    }

    @Test
    void aGarbageLineIsAnErrorNamingFileAndLineAndAFailedMergeLeavesNothing() throws Exception {
        final Path copy = dir.resolve("garbage");
        Files.createDirectories(copy.resolve("events"));
        Files.copy(slice.resolve("campaign.json"), copy.resolve("campaign.json"));
        final List<String> lines = Files.readAllLines(slice.resolve("results.jsonl"));
        Files.writeString(copy.resolve("results.jsonl"), lines.get(0) + "\n{not json\n" + lines.get(1) + "\n");
        final Path out = dir.resolve("merged-garbage");
        assertThatThrownBy(() -> Merge.merge(List.of(copy), out)).isInstanceOf(CampaignException.class)
            .hasMessageContaining(copy.resolve("results.jsonl") + ":2:");
        assertThat(out).doesNotExist();
        assertThatThrownBy(() -> CampaignRunner.run(campaign, CampaignRunnerTest.FILE,
            CampaignRunnerTest.options(copy, 1, true, Shard.ALL, -1)))
            .isInstanceOf(CampaignException.class).hasMessageContaining(copy.resolve("results.jsonl") + ":2:");
    }

    @Test
    void aRunRefusesADirectoryThatHoldsSomethingElseAndAnEmptyPath() throws Exception {
        final Path mine = dir.resolve("my-notes");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("report.md"), "my own report");
        assertThatThrownBy(() -> CampaignRunner.run(campaign, CampaignRunnerTest.FILE,
            CampaignRunnerTest.options(mine, 1, false, Shard.ALL, -1)))
            .isInstanceOf(CampaignException.class).hasMessageContaining("holds files but no results");
        assertThatThrownBy(() -> CampaignRunner.run(campaign, CampaignRunnerTest.FILE,
            CampaignRunnerTest.options(mine, 1, true, Shard.ALL, -1)))
            .isInstanceOf(CampaignException.class).hasMessageContaining("holds files but no results");
        assertThat(Files.readString(mine.resolve("report.md"))).isEqualTo("my own report");
        assertThat(mine.resolve("results.jsonl")).doesNotExist();
        assertThatThrownBy(() -> CampaignRunner.run(campaign, CampaignRunnerTest.FILE,
            CampaignRunnerTest.options(Path.of(""), 1, false, Shard.ALL, -1)))
            .isInstanceOf(CampaignException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Merge.merge(List.of(slice), Path.of("")))
            .isInstanceOf(CampaignException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Merge.merge(List.of(slice), mine))
            .isInstanceOf(CampaignException.class).hasMessageContaining("holds files but no results");
    }
}
