package dev.newt.campaign.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.AppServer;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.SiteChecks;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in workloads' app servers as fault targets: woven in an image of their package, with
 * their configuration read back from the server their workload made.
 */
class AppServerTargetsTest {
    private static final String APPS = "[b.app.bulk-receiver, a.app.bulk-sender, b.app.rpc-server, a.app.rpc-client, "
        + "b.app.echo, a.app.echo-client, a.app.ping, b.app.http, a.app.http-fetch]";
    private static final String CAMPAIGN = """
        name: apps
        seed: 5
        duration: 5s
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b], latency: 500us}]
          servers: {"*": {hangDeadline: 20ms}}
        workloads:
          - {type: bulk, from: a, to: b, bytes: 8192}
          - {type: rpc, from: a, to: b, requests: 10}
          - {type: udp-echo, from: a, to: b, count: 10}
          - {type: ping, from: a, to: b, count: 5, interval: 1ms}
          - {type: http, from: a, to: b, files: 1, fileSize: 1024}
        """;

    @TempDir
    Path dir;

    @Test
    void theNamesAreThoseTheWorkloadsGiveTheirServers() {
        final Campaign c = CampaignReader.read("apps.yaml", CAMPAIGN, "sha").campaign();
        assertThat(AppServer.names(c.workloads()).toString()).isEqualTo(APPS);
        assertThat(AppServer.of("b.app.rpc-server")).contains(AppServer.RPC_SERVER);
        assertThat(AppServer.of("b.tcp")).isEmpty();
    }

    @Test
    void everyAppServerIsATargetWovenAndCrashed() throws Exception {
        final Path file = dir.resolve("apps.yaml");
        Files.writeString(file, CAMPAIGN + "matrix:\n  targets: " + APPS + "\n  faults: [crash]\n"
            + "  triggers: [\"nth:2\"]\n  recovery: [checkpoint]\n");
        final CampaignReader.Result r = CampaignReader.read(file);
        assertThat(r.problems()).isEmpty();
        assertThat(SiteChecks.check(r.campaign())).isEmpty();
        final Path out = dir.resolve("out");
        CampaignRunner.run(r.campaign(), file, new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(OutputStream.nullOutputStream()), false, -1));
        final List<ExperimentResult> faulted = ResultsDirectory.read(out).results().stream()
            .filter(x -> !x.golden()).toList();
        assertThat(faulted).hasSize(9).allSatisfy(x -> {
            assertThat(x.activatedAt()).as(x.target() + ": " + x.detail()).isNotNull();
            assertThat(x.crash()).as(x.target()).startsWith("InjectedFault");
        });
        // The servers' sides recover from their checkpoints.
        assertThat(faulted.stream().filter(x -> x.target().startsWith("b.")).map(ExperimentResult::outcome))
            .doesNotContain(Outcome.NOT_ACTIVATED, Outcome.HARNESS_ERROR, Outcome.FAILED);
        assertThat(faulted.stream().filter(x -> x.target().equals("b.app.rpc-server")).findFirst().orElseThrow()
            .outcome()).isEqualTo(Outcome.RECOVERED);
    }

    /**
     * Regression: a woven client's first and fresh states come from its state class's no-arg
     * constructor, whose accounting arrays were empty, so the udp echo and ping clients threw at
     * their first send, again after every restart, until the supervisor gave up.
     */
    @Test
    void theUdpClientsSurviveACrashUnderTheirDefaultRecovery() throws Exception {
        final Path file = dir.resolve("clients.yaml");
        Files.writeString(file, CAMPAIGN + "matrix:\n  targets: [a.app.echo-client, a.app.ping]\n  faults: [crash]\n"
            + "  triggers: [\"nth:2\"]\n");
        final CampaignReader.Result r = CampaignReader.read(file);
        assertThat(r.problems()).isEmpty();
        final Path out = dir.resolve("clients");
        CampaignRunner.run(r.campaign(), file, new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(OutputStream.nullOutputStream()), false, -1));
        final List<ExperimentResult> all = ResultsDirectory.read(out).results();
        assertThat(all.stream().filter(ExperimentResult::golden).findFirst().orElseThrow().outcome())
            .isEqualTo(Outcome.NOT_ACTIVATED);
        final List<ExperimentResult> faulted = all.stream().filter(x -> !x.golden()).toList();
        assertThat(faulted).hasSize(2).allSatisfy(x -> {
            assertThat(x.crash()).as(x.target()).startsWith("InjectedFault");
            assertThat(x.restarts()).as(x.target() + ": " + x.detail()).isEqualTo(1);
            assertThat(x.outcome()).as(x.target() + ": " + x.detail()).isIn(Outcome.RECOVERED, Outcome.DEGRADED);
        });
    }

    @Test
    void targetsAllKeepsToTheSystemsServers() {
        final Campaign c = CampaignReader.read("apps.yaml", CAMPAIGN + """
            matrix: {targets: [all], faults: [crash], triggers: ["nth:1"]}
            """, "sha").campaign();
        assertThat(c.groups().get(0).targets()).noneMatch(t -> t.contains(".app."));
    }
}
