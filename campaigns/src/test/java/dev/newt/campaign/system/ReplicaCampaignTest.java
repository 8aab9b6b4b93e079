package dev.newt.campaign.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.ResultsLog;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.validate.Problem;
import dev.newt.results.ExperimentResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.newt.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns over a host with replicas of its stack: reading, validation, and faults in one replica. */
class ReplicaCampaignTest {
    @TempDir
    Path dir;

    private static final String SYSTEM = """
        name: r
        seed: 5
        duration: 5s
        system:
          hosts:
            - {name: a, address: 10.0.0.1/24, replicas: 2}
            - {name: b, address: 10.0.0.2/24}
          links: [{between: [a, b], latency: 500us}]
          servers: {"*": {hangDeadline: 20ms}}
        workloads:
          - {type: bulk, from: a, to: b, bytes: 65536}
          - {type: rpc, from: a, to: b, requests: 40}
        """;

    private static CampaignReader.Result read(final String yaml) {
        return CampaignReader.read("r.yaml", yaml, "sha");
    }

    @Test
    void everyReplicasLayersAreTargetsAndTheNicIsOne() {
        final Campaign c = read(SYSTEM).campaign();
        assertThat(c.system().injectableServers()).containsExactly("wire.a-b", "a.nic", "a.ip", "a.pf", "a.udp",
            "a.tcp", "a.sock", "a.ip#1", "a.pf#1", "a.udp#1", "a.tcp#1", "a.sock#1", "b.nic", "b.ip", "b.pf", "b.udp",
            "b.tcp", "b.sock");
    }

    @Test
    void aBadReplicaTargetOrCountOrAServerOnAReplicatedHostIsNamed() {
        final List<Problem> target = read(SYSTEM + "experiments:\n  - {target: a.tcp#2, fault: crash, trigger: "
            + "\"nth:5\"}\n").problems();
        assertThat(target).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("experiments[0].target");
            assertThat(p.message()).contains("unknown server 'a.tcp#2'").contains("valid: ")
                .contains("a.tcp#1").contains("a.sock#1");
        });
        assertThat(read(SYSTEM.replace("replicas: 2", "replicas: 0")).problems()).singleElement()
            .satisfies(p -> {
                assertThat(p.path()).isEqualTo("system.hosts[0].replicas");
                assertThat(p.message()).contains("from 1 to 64");
            });
        assertThat(read(SYSTEM.replace("10.0.0.2/24}", "10.0.0.2/24, replicas: 3}")).problems())
            .as("the workloads' servers listen in every replica: any count on either host").isEmpty();
        assertThat(read(SYSTEM.replace("10.0.0.2/24}", "10.0.0.2/24, replicas: 2}")).problems()).isEmpty();
    }

    @Test
    void aCrashOfOneReplicasTcpUnderFreshBreaksOnlyTheWorkloadInThatReplica() throws Exception {
        // Stream clients are dealt to a's replicas in file order: bulk to replica 0, rpc to replica 1.
        final Path file = dir.resolve("r.yaml");
        final Campaign c = read(SYSTEM + """
            experiments:
              - {target: a.tcp#1, fault: crash, trigger: "nth:20", recovery: fresh}
              - {target: a.tcp, fault: crash, trigger: "nth:20", recovery: fresh}
            """).campaign();
        final Path out = dir.resolve("out");
        CampaignRunner.run(c, file, new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, -1));
        final Map<String, ExperimentResult> byTarget = ResultsLog.read(out.resolve("results.jsonl")).results()
            .stream().filter(r -> r.target() != null)
            .collect(Collectors.toMap(ExperimentResult::target, Function.identity()));
        assertThat(byTarget).containsOnlyKeys("a.tcp#1", "a.tcp");
        final ExperimentResult one = byTarget.get("a.tcp#1");
        final ExperimentResult zero = byTarget.get("a.tcp");
        assertThat(one.restarts()).isPositive();
        assertThat(one.connectionsLost()).isEqualTo(1);
        assertThat(one.requestsFailed()).isPositive();
        assertThat(one.bytesLost()).as("the bulk transfer in replica 0 never noticed").isZero();
        assertThat(zero.connectionsLost()).isEqualTo(1);
        assertThat(zero.requestsFailed()).as("the rpc in replica 1 never noticed").isZero();
        assertThat(byTarget.values()).allSatisfy(r -> assertThat(r.outcome().label()).isNotEqualTo("harness-error"));

        // The report groups the experiments by replica of a's stack.
        Reports.write(out);
        final List<String> lines = Files.readAllLines(out.resolve("outcomes-by-replica.csv"));
        assertThat(lines.get(0)).startsWith("host,replica,experiments,connectionsLost,requestsFailed,");
        assertThat(lines.subList(1, lines.size())).hasSize(2)
            .anySatisfy(l -> assertThat(l).startsWith("a,0,1,1,0,"))
            .anySatisfy(l -> assertThat(l).startsWith("a,1,1,1," + one.requestsFailed() + ","));
        assertThat(Files.readString(out.resolve(Reports.MARKDOWN))).contains("Outcome by replica of a host's stack");
    }

    @Test
    void withAsManyReplicasOnBothHostsTheServersReplicaOneCarriesOnlyTheRpc() throws Exception {
        final Campaign c = read(SYSTEM.replace("10.0.0.2/24}", "10.0.0.2/24, replicas: 2}") + """
            experiments:
              - {target: b.tcp#1, fault: crash, trigger: "nth:20", recovery: fresh}
            """).campaign();
        final Path out = dir.resolve("both");
        CampaignRunner.run(c, dir.resolve("r.yaml"), new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, -1));
        final List<ExperimentResult> results = ResultsLog.read(out.resolve("results.jsonl")).results();
        assertThat(results).filteredOn(ExperimentResult::golden).singleElement()
            .satisfies(g -> assertThat(g.requestsFailed() + g.bytesLost() + g.connectionsLost()).isZero());
        assertThat(results).filteredOn(r -> "b.tcp#1".equals(r.target())).singleElement().satisfies(r -> {
            assertThat(r.restarts()).isPositive();
            assertThat(r.requestsFailed()).isPositive();
            assertThat(r.bytesLost()).as("the bulk transfer in replica 0 never noticed").isZero();
        });
    }

    @Test
    void aServerHostOfTwoReplicasServesAClientHostOfOneAndACrashInOneReplicaLosesOnlyItsConnections()
        throws Exception {
        // b runs 2 replicas, a 1: the workloads' servers listen in both of b's replicas, and each of
        // a's connections lands in the replica of b its flow hashes to.
        final Campaign c = read(SYSTEM.replace("10.0.0.1/24, replicas: 2}", "10.0.0.1/24}")
            .replace("10.0.0.2/24}", "10.0.0.2/24, replicas: 2}") + """
            experiments:
              - {target: b.tcp, fault: crash, trigger: "nth:20", recovery: fresh}
              - {target: b.tcp#1, fault: crash, trigger: "nth:20", recovery: fresh}
            """).campaign();
        assertThat(c.system().injectableServers()).contains("b.tcp#1").doesNotContain("a.tcp#1");
        final Path out = dir.resolve("uneven");
        CampaignRunner.run(c, dir.resolve("r.yaml"), new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, -1));
        final List<ExperimentResult> results = ResultsLog.read(out.resolve("results.jsonl")).results();
        assertThat(results).filteredOn(ExperimentResult::golden).singleElement().satisfies(g -> {
            assertThat(g.outcome().label()).isNotIn("failed", "harness-error");
            assertThat(g.requestsFailed() + g.bytesLost() + g.connectionsLost() + g.bytesCorrupted()).isZero();
        });
        final Map<String, ExperimentResult> byTarget = results.stream().filter(r -> r.target() != null)
            .collect(Collectors.toMap(ExperimentResult::target, Function.identity()));
        assertThat(byTarget).containsOnlyKeys("b.tcp", "b.tcp#1");
        assertThat(byTarget.values()).allSatisfy(r -> {
            assertThat(r.restarts()).isPositive();
            assertThat(r.outcome().label()).isNotEqualTo("harness-error");
            assertThat(r.bytesCorrupted()).isZero();
        });
        // Two workloads' connections (a bulk transfer and a persistent rpc) spread over b's two
        // replicas: a fresh restart of one replica's tcp breaks only the connections it holds, so
        // the two crashes together break each connection at most once and at least one of them.
        final long lost = byTarget.values().stream().mapToLong(ExperimentResult::connectionsLost).sum();
        assertThat(lost).isBetween(1L, 2L);
    }
}
