package dev.newt.example.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.SiteChecks;
import dev.newt.campaign.validate.Problem;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-value example run by the campaign engine as a library: in this JVM and forked, its
 * live update to version 2, and the validation of user components.
 */
class KvCampaignTest {
    private static final Path CRASH = Path.of("kv-campaign.yaml");
    private static final Path UPDATE = Path.of("kv-update.yaml");
    private static final Path BROKEN = Path.of("kv-broken-update.yaml");
    private static final Path UDP = Path.of("kv-udp.yaml");

    @TempDir
    Path out;

    private static Campaign read(final Path file) {
        final CampaignReader.Result r = CampaignReader.read(file);
        assertThat(r.problems()).isEmpty();
        return r.campaign();
    }

    private List<ExperimentResult> run(final Campaign c, final Path file) throws Exception {
        CampaignRunner.run(c, file, new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(OutputStream.nullOutputStream()), false, -1));
        return ResultsDirectory.read(out).results();
    }

    private static Map<String, Outcome> byRecovery(final List<ExperimentResult> results) {
        return results.stream().filter(r -> !r.golden())
            .collect(Collectors.toMap(ExperimentResult::recovery, ExperimentResult::outcome));
    }

    @Test
    void crashUnderEachPolicyInProcess() throws Exception {
        final List<ExperimentResult> results = run(read(CRASH), CRASH);
        final ExperimentResult golden = results.stream().filter(ExperimentResult::golden).findFirst().orElseThrow();
        assertThat(golden.workload()).containsKey("kv-check");
        // Checkpointed every message, the crashed put is replayed on the restored state: nothing lost.
        // Fresh, the store restarts empty: reads see what was lost as wrong answers.
        assertThat(byRecovery(results)).containsEntry("checkpoint", Outcome.RECOVERED)
            .containsEntry("fresh", Outcome.CORRUPTED);
    }

    @Test
    void crashUnderEachPolicyForked() throws Exception {
        final Campaign c = read(CRASH);
        final Campaign forked = new Campaign(c.file(), c.fileSha256(), c.name(), c.seed(), c.executor(), "process",
            c.duration(), c.deadline(), c.system(), c.workloads(), c.groups(), c.updates());
        assertThat(byRecovery(run(forked, CRASH))).containsEntry("checkpoint", Outcome.RECOVERED)
            .containsEntry("fresh", Outcome.CORRUPTED);
    }

    @Test
    void liveUpdateToVersionTwoKeepsTheStore() throws Exception {
        final ExperimentResult golden = run(read(UPDATE), UPDATE).get(0);
        assertThat(golden.updates()).hasSize(1);
        assertThat(golden.updates().get(0).result()).as(golden.updates().get(0).reason()).isEqualTo("committed");
        assertThat(golden.bytesCorrupted()).isZero();
        assertThat(golden.requestsFailed()).isZero();
    }

    @Test
    void brokenReleasesAreRolledBackWithNothingLost() throws Exception {
        final ExperimentResult golden = run(read(BROKEN), BROKEN).get(0);
        assertThat(golden.updates()).as(golden.updates().toString()).extracting(u -> u.result()).containsExactly("rolled-back", "rolled-back");
        assertThat(golden.updates().get(0).reason()).contains("failed to start");
        assertThat(golden.updates().get(1).reason()).contains("failed on probation");
        // Version 1 resumed with its state (and what the broken one handled replayed): the
        // workload's every read matched its model.
        assertThat(golden.bytesCorrupted()).isZero();
        assertThat(golden.requestsFailed()).isZero();
        assertThat(golden.workload()).containsKey("kv-check");
    }

    @Test
    void userServersTalkToTheHostsStacksByMessagesAndDatagrams() throws Exception {
        final List<ExperimentResult> results = run(read(UDP), UDP);
        final ExperimentResult golden = results.stream().filter(ExperimentResult::golden).findFirst().orElseThrow();
        assertThat(golden.workload()).containsKey("kv-check");
        assertThat(golden.bytesCorrupted()).isZero();
        assertThat(golden.requestsFailed()).isZero();
        assertThat(List.of(figure(golden, "operations"), figure(golden, "lost"), figure(golden, "wrongAnswers")))
            .containsExactly(400L, 0L, 0L);
        // The store recovers from its checkpoint; a crash on the datagram path (the front, b's udp)
        // loses the datagram in flight, which UDP never resends: one request lost, none answered wrong.
        final Map<String, ExperimentResult> byTarget = results.stream().filter(r -> !r.golden())
            .collect(Collectors.toMap(ExperimentResult::target, r -> r));
        assertThat(byTarget.get("kv").outcome()).isEqualTo(Outcome.RECOVERED);
        for (String t : List.of("kv-front", "b.udp")) {
            assertThat(byTarget.get(t).outcome()).as(byTarget.get(t).detail()).isEqualTo(Outcome.DEGRADED);
            assertThat(List.of(figure(byTarget.get(t), "lost"), figure(byTarget.get(t), "wrongAnswers")))
                .containsExactly(1L, 0L);
        }
    }

    /** @return a figure of the checking workload's report */
    private static long figure(final ExperimentResult r, final String name) {
        return ((Number) ((Map<?, ?>) r.workload().get("kv-check")).get(name)).longValue();
    }

    private List<Problem> problems(final String servers, final String experiments) throws Exception {
        final Path f = out.resolve("bad.yaml");
        final String classes = Path.of("target/classes").toAbsolutePath().toString();
        Files.writeString(f, "name: bad\nsystem:\n  servers:\n" + servers.replace("CLASSES", classes)
            + "  workloads:\n    w:\n      image: " + classes + "\n      class: dev.newt.example.kv.workload.KvWorkload\n"
            + "      args: [kv, 10]\n" + experiments);
        final CampaignReader.Result r = CampaignReader.read(f);
        return r.valid() ? SiteChecks.check(r.campaign()) : r.problems();
    }

    @Test
    void aMissingClassIsReportedAtItsLine() throws Exception {
        final List<Problem> p = problems("    kv:\n      image: CLASSES\n      class: dev.newt.example.kv.server.Nope\n",
            "");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).toString()).contains("bad.yaml:6:14").contains("Nope is not in image");
    }

    @Test
    void aClassThatIsNotAServerIsReported() throws Exception {
        final List<Problem> p = problems("    kv:\n      image: CLASSES\n      class: dev.newt.example.kv.api.Put\n", "");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).toString()).contains("bad.yaml:6:14").contains("is not a server");
    }

    @Test
    void aSiteThatMatchesNothingInTheUserImageIsReported() throws Exception {
        final List<Problem> p = problems("    kv:\n      image: CLASSES\n      class: dev.newt.example.kv.server.KvServer\n"
            + "      args: [4]\n", "experiments:\n  - target: kv\n    fault: {type: crash, method: nosuch}\n"
            + "    trigger: nth:1\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).toString()).contains("bad.yaml:15:12").contains("nosuch");
    }

    @Test
    void everyServerIsATarget() {
        assertThat(read(CRASH).system().injectableServers()).containsExactly("kv", "kv-check");
        assertThat(new ArrayList<>(read(CRASH).workloads())).isEmpty();
    }
}
