package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.validate.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code schedules:} section: read, and every problem named by file, line and key path. */
class ScheduleReaderTest {
    private static final String HEAD = """
        name: s
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b]}]
        workloads: [{type: bulk, from: a, to: b}]
        """;

    private static CampaignReader.Result read(final String schedules) {
        return CampaignReader.read("s.yaml", HEAD + schedules, "sha");
    }

    @Test
    void aSectionIsReadWithItsDefaults() {
        final CampaignReader.Result r = read("""
            schedules:
              targets: [b.tcp, a.pf]
              types: [crash]
            """);
        assertThat(r.problems()).isEmpty();
        final ScheduleModel m = r.campaign().schedules();
        assertThat(m.runs()).isEqualTo(100);
        assertThat(m.faultsMin()).isEqualTo(1);
        assertThat(m.faultsMax()).isEqualTo(3);
        assertThat(m.from()).isEqualTo(Duration.ofMillis(10));
        assertThat(m.maxConcurrent()).isEqualTo(2);
        assertThat(m.shrinkFor()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.campaign().experiments()).hasSize(100);
    }

    @Test
    void everyProblemIsNamedByLineAndField() {
        final CampaignReader.Result r = read("""
            schedules:
              runs: 0
              faults: 8-1
              targets: {b.tcpp: 1, a.pf: -2}
              types: [crahs, hang]
              typeWeights: [1]
              recovery: [fressh]
              quiett: 5ms
            """);
        final List<String> got = r.problems().stream().map(Problem::toString).toList();
        assertThat(got).anySatisfy(p -> assertThat(p).startsWith("s.yaml:7:").contains("schedules.runs"))
            .anySatisfy(p -> assertThat(p).startsWith("s.yaml:8:").contains("schedules.faults")
                .contains("range such as 1-8"))
            .anySatisfy(p -> assertThat(p).startsWith("s.yaml:9:").contains("schedules.targets.b.tcpp")
                .contains("did you mean 'b.tcp'"))
            .anySatisfy(p -> assertThat(p).startsWith("s.yaml:9:").contains("schedules.targets.a.pf")
                .contains("weight"))
            .anySatisfy(p -> assertThat(p).startsWith("s.yaml:10:").contains("schedules.types[0]")
                .contains("did you mean 'crash'"))
            .anySatisfy(p -> assertThat(p).startsWith("s.yaml:11:").contains("schedules.typeWeights")
                .contains("one weight per type"))
            .anySatisfy(p -> assertThat(p).startsWith("s.yaml:12:").contains("schedules.recovery[0]")
                .contains("did you mean 'fresh'"))
            .anySatisfy(p -> assertThat(p).startsWith("s.yaml:13:").contains("schedules.quiett")
                .contains("did you mean 'quiet'"));
    }

    @Test
    void schedulesRunOnlyOnTheSimulatedExecutorInThisJvm() {
        final CampaignReader.Result r = CampaignReader.read("s.yaml", HEAD.replace("name: s", "name: s\nexecutor: "
            + "threaded") + "schedules: {targets: [b.tcp], types: [crash]}\n", "sha");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("schedules");
            assertThat(p.message()).contains("simulated executor");
        });
    }

    @Test
    void aReplayedScheduleIsReadAsWrittenAndRunsOnce() {
        final CampaignReader.Result r = read("""
            schedules:
              seed: 77
              replay:
                faults:
                  - {at: 12000000ns, target: b.pf, fault: crash, trigger: {nth: 1}}
                  - {at: 20ms, target: a.tcp, fault: {type: delay, delay: 5ms}}
                recovery: {b.pf: fresh}
            """);
        assertThat(r.problems()).isEmpty();
        final List<Experiment> es = r.campaign().experiments();
        assertThat(es).singleElement().satisfies(e -> {
            assertThat(e.seed()).isEqualTo(77);
            assertThat(e.schedule().describe()).containsExactly("f0 crash b.pf @12ms nth:1",
                "f1 delay(delay=5ms) a.tcp @20ms nth:1", "recovery b.pf fresh");
        });
    }

    @Test
    void aReplayRefusesTheKeysThatDrawSchedules() {
        final CampaignReader.Result r = read("""
            schedules:
              runs: 5
              replay: {faults: [{at: 1ms, target: b.pff, fault: crash}]}
            """);
        assertThat(r.problems()).extracting(Problem::path).containsExactlyInAnyOrder("schedules.runs",
            "schedules.replay.faults[0].target");
    }
}
