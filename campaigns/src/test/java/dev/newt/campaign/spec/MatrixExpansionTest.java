package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixExpansionTest {
    private static Campaign read(final String yaml) {
        final CampaignReader.Result r = CampaignReader.read("m.yaml", yaml, "sha");
        assertThat(r.problems()).isEmpty();
        return r.campaign();
    }

    private static final String BASE = """
        name: m
        seed: 5
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b]}]
        workloads: [{type: ping, from: a, to: b}]
        """;

    @Test
    void listEntriesComeFirstThenTheMatrixWithRepetitionsVaryingFastest() {
        final List<Experiment> ex = read(BASE + """
            experiments:
              - {target: b.ip, fault: hang, trigger: always, repetitions: 2}
            matrix:
              targets: [a.ip, b.udp]
              faults: [crash, leak]
              triggers: ["nth:1", "nth:2"]
              recovery: [fresh, checkpoint]
            """).experiments();
        assertThat(ex).hasSize(2 + 2 * 2 * 2 * 2);
        assertThat(ex).extracting(Experiment::id).startsWith("e0000", "e0001", "e0002").endsWith("e0017");
        assertThat(ex.get(0).target()).isEqualTo("b.ip");
        assertThat(ex.get(1).repetition()).isEqualTo(1);
        final Experiment third = ex.get(2);
        assertThat(List.of(third.target(), third.fault().type(), third.trigger().label(), third.recovery()))
            .containsExactly("a.ip", "crash", "nth:1", "fresh");
        assertThat(ex.get(3).recovery()).isEqualTo("checkpoint");
        assertThat(ex.get(4).trigger().label()).isEqualTo("nth:2");
        assertThat(ex.get(6).fault().type()).isEqualTo("leak");
        assertThat(ex.get(10).target()).isEqualTo("b.udp");
        assertThat(third.faultLabel()).isEqualTo("crash [recovery=fresh]");
    }

    @Test
    void allTargetsEveryServerAndTheSeedsDependOnlyOnTheCampaignSeedAndIndex() {
        final Campaign c = read(BASE + "matrix: {targets: [all], faults: [crash], triggers: [always]}\n");
        final List<Experiment> ex = c.experiments();
        assertThat(ex).extracting(Experiment::target).containsExactly("wire.a-b", "a.nic", "a.ip", "a.pf", "a.udp",
            "a.tcp", "a.sock", "b.nic", "b.ip", "b.pf", "b.udp", "b.tcp", "b.sock");
        assertThat(ex).extracting(Experiment::seed).doesNotHaveDuplicates();
        assertThat(c.experiments()).isEqualTo(ex);
        assertThat(ex.get(3).seed()).isEqualTo(MatrixExpansion.seed(5, 3));
        assertThat(c.withSeed(6).experiments().get(3).seed()).isNotEqualTo(ex.get(3).seed());
    }
}
