package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.report.ReportFiles;
import dev.newt.results.ExperimentResult;
import dev.newt.results.ResultsJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on a small campaign (4 experiments): determinism, resume after a kill, shards merged.
 * The unsharded run is made once and compared with everything else.
 */
class CampaignRunnerTest {
    static final Path FILE = Path.of("src/test/resources/campaigns/small.yaml");
    static Campaign campaign;
    static Path reference;
    @TempDir
    static Path dir;

    @BeforeAll
    static void runTheWholeCampaignOnce() throws Exception {
        campaign = CampaignReader.read(FILE).campaign();
        reference = dir.resolve("whole");
        CampaignRunner.run(campaign, FILE, options(reference, 1, false, Shard.ALL, -1));
    }

    static CampaignRunner.Options options(final Path out, final int jobs, final boolean resume, final Shard shard,
                                          final int stopAfter) {
        return new CampaignRunner.Options(out, jobs, resume, shard, "test", new PrintStream(new ByteArrayOutputStream(),
            true, StandardCharsets.UTF_8), false, stopAfter);
    }

    /** The results with the wall-clock duration zeroed: everything else is determined by the seed. */
    static List<String> linesWithoutWallTime(final Path out) {
        return ResultsLog.read(out.resolve("results.jsonl")).results().stream()
            .map(r -> ResultsJson.toLine(new ExperimentResult(r.id(), r.index(), r.target(), r.faultType(),
                r.trigger(), r.repetition(), r.seed(), r.outcome(), r.detail(), r.activatedAt(),
                r.detectionLatencyNanos(), r.recoveryNanos(), r.restarts(), r.connectionsLost(), r.bytesLost(),
                r.bytesDuplicated(), r.bytesCorrupted(), r.requestsFailed(), r.workload(), r.updates(), 0,
                r.runtimeNanos(), r.eventLog())))
            .toList();
    }

    @Test
    void theWholeRunHasTheGoldenRunFirstThenEveryExperimentOnceWithItsEventLog() throws Exception {
        final List<ExperimentResult> rs = ResultsLog.read(reference.resolve("results.jsonl")).results();
        assertThat(rs).extracting(ExperimentResult::id)
            .containsExactly("golden", "e0000", "e0001", "e0002", "e0003");
        assertThat(rs.get(0).detail()).contains("2 of 2 fault sites reached");
        for (ExperimentResult r : rs) {
            assertThat(reference.resolve(r.eventLog())).exists();
        }
        assertThat(rs.get(1).faultType()).isEqualTo("crash");
        assertThat(rs.get(1).activatedAt()).isNotNull();
        assertThat(Files.readString(reference.resolve("campaign.json"))).contains("\"fileSha256\"");
    }

    @Test
    void theReportsModuleReadsTheResultsDirectory() throws Exception {
        final Path copy = dir.resolve("reported");
        Merge.merge(List.of(reference), copy);
        final ReportFiles report = ReportHook.write(copy);
        assertThat(report.experiments()).isEqualTo(4);
        assertThat(report.warnings()).isEmpty();
        assertThat(Files.readString(report.markdown())).contains("b.tcp").contains("drop-message");
    }

    @Test
    void oneSeedGivesTheSameResultsTwiceApartFromWallTime() throws Exception {
        final Path again = dir.resolve("again");
        CampaignRunner.run(campaign, FILE, options(again, 1, false, Shard.ALL, -1));
        assertThat(linesWithoutWallTime(again)).isEqualTo(linesWithoutWallTime(reference));
        assertThat(Files.readString(again.resolve("events/e0003.jsonl")))
            .isEqualTo(Files.readString(reference.resolve("events/e0003.jsonl")));
    }

    @Test
    void aResumedRunAfterAKillWithATornLineLosesAndDuplicatesNothing() throws Exception {
        final Path killed = dir.resolve("killed");
        final CampaignRunner.Summary first = CampaignRunner.run(campaign, FILE, options(killed, 1, false, Shard.ALL, 2));
        assertThat(first.stopped()).isTrue();
        // The kill came while the 3rd result was being written: half a line, no newline.
        final String torn = ResultsJson.toLine(ResultsLog.read(reference.resolve("results.jsonl")).results().get(3));
        Files.writeString(killed.resolve("results.jsonl"), torn.substring(0, torn.length() / 2),
            StandardOpenOption.APPEND);
        assertThat(ResultsLog.read(killed.resolve("results.jsonl")).tornBytes()).isPositive();
        final CampaignRunner.Summary second = CampaignRunner.run(campaign, FILE, options(killed, 2, true, Shard.ALL, -1));
        assertThat(second.skipped()).isEqualTo(2);
        assertThat(second.ran()).isEqualTo(2);
        final List<String> resumed = linesWithoutWallTime(killed);
        assertThat(resumed).hasSize(5).containsExactlyInAnyOrderElementsOf(linesWithoutWallTime(reference));
    }

    @Test
    void threeShardsMergedEqualTheUnshardedRun() throws Exception {
        final List<Path> slices = List.of(dir.resolve("s0"), dir.resolve("s1"), dir.resolve("s2"));
        for (int i = 0; i < 3; i++) {
            CampaignRunner.run(campaign, FILE, options(slices.get(i), 1, false, new Shard(i, 3), -1));
        }
        assertThat(ResultsLog.read(slices.get(1).resolve("results.jsonl")).results())
            .extracting(ExperimentResult::id).containsExactly("golden", "e0001");
        final Path merged = dir.resolve("merged");
        assertThat(Merge.merge(slices, merged)).isEqualTo(4);
        assertThat(linesWithoutWallTime(merged)).isEqualTo(linesWithoutWallTime(reference));
        assertThat(merged.resolve("events/e0003.jsonl")).exists();

        assertThatThrownBy(() -> Merge.merge(slices.subList(0, 2), dir.resolve("m2")))
            .hasMessage("slice 2/3 is missing");
        assertThatThrownBy(() -> Merge.merge(List.of(slices.get(0), slices.get(0), slices.get(1)), dir.resolve("m3")))
            .hasMessageContaining("slice 0/3 is given twice");
        assertThatThrownBy(() -> Merge.merge(List.of(slices.get(0), reference), dir.resolve("m4")))
            .hasMessageContaining("not slices of one campaign run");
    }

    @Test
    void resumeInADirectoryNoRunStartedInStartsAfresh() throws Exception {
        final Path fresh = dir.resolve("retried-pod");
        final CampaignRunner.Summary s = CampaignRunner.run(campaign, FILE, options(fresh, 1, true, new Shard(1, 4), -1));
        assertThat(s.skipped()).isZero();
        assertThat(s.ran()).isEqualTo(1);
        assertThat(ResultsLog.read(fresh.resolve("results.jsonl")).results()).extracting(ExperimentResult::id)
            .containsExactly("golden", "e0001");
    }

    @Test
    void aDirectoryWithResultsIsNotOverwrittenAndAResumeMustMatchIt() {
        assertThatThrownBy(() -> CampaignRunner.run(campaign, FILE, options(reference, 1, false, Shard.ALL, -1)))
            .isInstanceOf(CampaignException.class).hasMessageContaining("use --resume");
        assertThatThrownBy(() -> CampaignRunner.run(campaign.withSeed(12), FILE,
            options(reference, 1, true, Shard.ALL, -1))).hasMessageContaining("cannot resume");
    }
}
