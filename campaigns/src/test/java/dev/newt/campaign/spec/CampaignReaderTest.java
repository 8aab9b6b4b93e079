package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.validate.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignReaderTest {
    static final String VALID = """
        name: small
        seed: 7
        duration: 2s
        system:
          hosts:
            - {name: a, address: 10.0.0.1/24}
            - name: b
              address: 10.0.0.2/24
              pf: {default: deny, rules: ["allow out udp"]}
          links:
            - {between: [a, b], latency: 1ms, loss: 0.01}
          servers:
            "*.tcp": {recovery: checkpoint+replay, hangDeadline: 50ms}
        workloads:
          - {type: bulk, from: a, to: b, bytes: 65536}
          - {type: udp-echo, from: a, to: b}
        experiments:
          - {target: b.ip, fault: crash, trigger: "nth:40"}
        matrix:
          targets: [a.tcp, wire.a-b]
          faults: [hang, {type: delay, delay: 5ms}]
          triggers: ["nth:10", {every: 100, persistent: true}]
          repetitions: 2
        """;

    static CampaignReader.Result read(final String yaml) {
        return CampaignReader.read("c.yaml", yaml, "sha");
    }

    @Test
    void aValidFileReadsIntoTheModelWithDefaultsFilledIn() {
        final CampaignReader.Result r = read(VALID);
        assertThat(r.problems()).isEmpty();
        final Campaign c = r.campaign();
        assertThat(c.name()).isEqualTo("small");
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.executor()).isEqualTo("simulated");
        assertThat(c.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.system().hosts()).extracting(HostModel::name).containsExactly("a", "b");
        assertThat(c.system().hosts().get(1).pfRules()).containsExactly("allow out udp");
        assertThat(c.system().links()).singleElement().satisfies(l -> {
            assertThat(l.wireName()).isEqualTo("wire.a-b");
            assertThat(l.loss()).isEqualTo(0.01);
        });
        assertThat(c.system().servers()).singleElement().satisfies(s -> {
            assertThat(s.matches("b.tcp")).isTrue();
            assertThat(s.matches("b.udp")).isFalse();
            assertThat(s.recovery()).isEqualTo("checkpoint+replay");
        });
        assertThat(c.workloads().get(0).number("bytes")).isEqualTo(65536);
        assertThat(c.workloads().get(1).number("window")).isEqualTo(8);
        assertThat(c.groups()).hasSize(2);
        assertThat(c.groups().get(1).size()).isEqualTo(2 * 2 * 2 * 2);
        assertThat(c.groups().get(1).faults().get(1).label()).isEqualTo("delay(delay=5ms)");
        assertThat(c.groups().get(1).triggers().get(1).label()).isEqualTo("every:100,persistent:true");
    }

    @Test
    void everyProblemIsReportedWithLineColumnPathAndSuggestion() {
        final String broken = """
            name: broken
            executer: simulated
            system:
              hosts:
                - {name: a, address: 10.0.0.1/24}
                - {name: b, address: 10.0.0.2}
              links:
                - {between: [a, b], loss: 1.5}
              servers:
                b.tcp: {recovery: checkpiont}
            workloads:
              - {type: bulkk, from: a, to: b}
              - {type: rpc, from: a, to: c}
            matrix:
              targets: [b.tpc]
              faults: [crahs, {type: delay, dealy: 5ms}]
              triggers: ["nht:3", "nth:0"]
            """;
        final List<Problem> p = read(broken).problems();
        assertThat(p).extracting(x -> x.location().line() + ":" + x.location().column() + " " + x.path() + " "
            + x.suggestion()).containsExactly(
                "2:1 executer executor",
                "6:26 system.hosts[1].address null",
                "8:31 system.links[0].loss null",
                "10:23 system.servers.b.tcp.recovery checkpoint",
                "12:12 workloads[0].type bulk",
                "13:30 workloads[1].to null",
                "15:13 matrix.targets[0] b.tcp",
                "16:12 matrix.faults[0] crash",
                "16:33 matrix.faults[1].dealy delay",
                "17:14 matrix.triggers[0] nth",
                "17:23 matrix.triggers[1] null");
        assertThat(p.get(0).toString()).isEqualTo("c.yaml:2:1: executer: unknown key 'executer'; valid: "
            + String.join(", ", CampaignReader.TOP) + " (did you mean 'executor'?)");
        assertThat(p.get(10).message()).contains("trigger.nth").contains(">= 1");
    }

    @Test
    void aBadPacketFilterRuleAndTwoWorkloadsOfATypeOnAHostAreReported() {
        final String yaml = VALID.replace("rules: [\"allow out udp\"]", "rules: [\"allow sideways udp\"]")
            .replace("  - {type: udp-echo, from: a, to: b}\n",
                "  - {type: udp-echo, from: a, to: b}\n  - {type: bulk, from: a, to: b}\n");
        assertThat(read(yaml).problems()).extracting(Problem::path)
            .contains("system.hosts[1].pf.rules", "workloads[2]");
    }

    @Test
    void processIsolationIsForServersOfYourOwnAndSpeltRight() {
        // Line 13 is '"*.tcp": {...}': a stack server cannot run in a child JVM yet.
        final String stack = VALID.replace("hangDeadline: 50ms}", "hangDeadline: 50ms, isolation: process}");
        assertThat(read(stack).problems()).singleElement().satisfies(x -> {
            assertThat(x.toString()).startsWith("c.yaml:13:");
            assertThat(x.path()).isEqualTo("system.servers.*.tcp.isolation");
            assertThat(x.message()).contains("servers of your own").contains("a.tcp", "b.tcp");
        });
        final String misspelt = VALID.replace("hangDeadline: 50ms}", "hangDeadline: 50ms, isolation: proces}");
        assertThat(read(misspelt).problems()).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("system.servers.*.tcp.isolation");
            assertThat(x.suggestion()).isEqualTo("process");
        });
        final String thread = VALID.replace("hangDeadline: 50ms}", "hangDeadline: 50ms, isolation: thread}");
        assertThat(read(thread).problems()).isEmpty();
        assertThat(read(thread).campaign().system().servers()).singleElement()
            .satisfies(x -> assertThat(x.isolation()).isEqualTo("thread"));
    }

    @Test
    void aSyntaxErrorOrDuplicateKeyIsReportedAtItsPlace() {
        assertThat(read("name: x\nname: y\n").problems()).singleElement().satisfies(x -> {
            assertThat(x.location().line()).isEqualTo(2);
            assertThat(x.message()).contains("appears twice");
        });
        assertThat(read("name: [x\n").problems()).singleElement()
            .satisfies(x -> assertThat(x.message()).startsWith("not valid YAML"));
    }

    @Test
    void updatesAreReadAndValidated() {
        final String withUpdates = VALID + "updates:\n  - {at: 500ms, servers: [a.tcp], image: src}\n";
        assertThat(read(withUpdates).campaign().updates())
            .singleElement().satisfies(u -> assertThat(u.servers()).containsExactly("a.tcp"));
        assertThat(CampaignReader.read("c.yaml", VALID + "updates:\n  - {at: 1s, servers: [a.tpc]}\n", "sha")
            .problems()).extracting(Problem::path, Problem::suggestion)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("updates[0].image", null),
                org.assertj.core.groups.Tuple.tuple("updates[0].servers", "a.tcp"));
    }
}
