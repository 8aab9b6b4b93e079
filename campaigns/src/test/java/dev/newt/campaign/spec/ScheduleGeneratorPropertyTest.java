package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Schedule generation is a pure function of the model and the seed: over many seeds (drawn from a
 * seeded source) the same seed gives the same schedule, from a model read twice from the same file,
 * and every schedule keeps its limits.
 */
class ScheduleGeneratorPropertyTest {
    private static final String FILE = """
        name: gen
        seed: 3
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b]}]
        workloads: [{type: bulk, from: a, to: b}]
        schedules:
          runs: 50
          faults: 1-8
          from: 10ms
          to: 200ms
          maxConcurrent: 2
          quiet: 30ms
          targets: {a.tcp: 3, b.pf: 1, b.ip: 1}
          types: [crash, hang, {type: delay, delay: 5ms}]
          typeWeights: [4, 1, 1]
          triggers: ["nth:1", "nth:5"]
          recovery: [fresh, checkpoint, checkpoint+replay]
        """;

    private static ScheduleModel model() {
        final CampaignReader.Result r = CampaignReader.read("gen.yaml", FILE, "sha");
        assertThat(r.problems()).isEmpty();
        return r.campaign().schedules();
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndEverySeedKeepsTheLimits() {
        final ScheduleModel one = model();
        final ScheduleModel two = model();
        final SplittableRandom seeds = new SplittableRandom(21);
        final Set<List<String>> distinct = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            final long seed = seeds.nextLong();
            final Schedule s = ScheduleGenerator.generate(one, seed);
            assertThat(ScheduleGenerator.generate(two, seed)).isEqualTo(s);
            assertThat(ScheduleGenerator.generate(one, seed).toData()).isEqualTo(s.toData());
            assertThat(s.seed()).isEqualTo(seed);
            assertThat(s.faults()).hasSizeBetween(1, 8);
            assertThat(s.updates()).isEmpty();
            assertThat(s.recovery().keySet()).containsExactlyInAnyOrder("a.tcp", "b.pf", "b.ip");
            assertThat(s.recovery().values()).allSatisfy(p -> assertThat(p).isIn("fresh", "checkpoint",
                "checkpoint+replay"));
            for (int k = 0; k < s.faults().size(); k++) {
                final ScheduledFault f = s.faults().get(k);
                assertThat(f.id()).isEqualTo("f" + k);
                assertThat(f.at()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
                assertThat(f.target()).isIn("a.tcp", "b.pf", "b.ip");
                assertThat(f.fault().type()).isIn("crash", "hang", "delay");
                if (k > 0) {
                    assertThat(f.at()).isGreaterThanOrEqualTo(s.faults().get(k - 1).at());
                }
            }
            assertThat(mostAtOnce(s, 30_000_000L)).as("faults ongoing at once in %s", s.describe())
                .isLessThanOrEqualTo(2);
            distinct.add(s.describe());
        }
        assertThat(distinct).as("different seeds draw different schedules").hasSizeGreaterThan(490);
    }

    @Test
    void theExperimentsOfACampaignAreItsSchedulesInOrderEachDrawnFromItsOwnSeed() {
        final CampaignReader.Result r = CampaignReader.read("gen.yaml", FILE, "sha");
        final List<Experiment> es = r.campaign().experiments();
        assertThat(es).hasSize(50);
        final List<Experiment> again = CampaignReader.read("gen.yaml", FILE, "sha").campaign().experiments();
        assertThat(again).isEqualTo(es);
        for (Experiment e : es) {
            assertThat(e.seed()).isEqualTo(MatrixExpansion.seed(3, e.index()));
            assertThat(e.schedule()).isEqualTo(ScheduleGenerator.generate(model(), e.seed()));
            assertThat(e.faultLabel()).startsWith("schedule(faults=");
        }
        assertThat(r.campaign().withSeed(4).experiments().get(0).schedule()).isNotEqualTo(es.get(0).schedule());
    }

    @Test
    void weightsShapeTheDraw() {
        final ScheduleModel m = model();
        final Map<String, Integer> targets = new java.util.TreeMap<>();
        for (long seed = 0; seed < 400; seed++) {
            ScheduleGenerator.generate(m, seed).faults().forEach(f -> targets.merge(f.target(), 1, Integer::sum));
        }
        // a.tcp has weight 3 of 5: about 60 % of the faults, the other two about 20 % each.
        final int total = targets.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(targets.get("a.tcp") / (double) total).isBetween(0.5, 0.7);
        assertThat(targets.get("b.pf") / (double) total).isBetween(0.1, 0.3);
    }

    /** The most faults whose [at, at + quiet) periods hold one instant. */
    private static int mostAtOnce(final Schedule s, final long quiet) {
        final List<long[]> periods = new ArrayList<>();
        s.faults().forEach(f -> periods.add(new long[] {f.at().toNanos(), f.at().toNanos() + quiet}));
        int most = 0;
        for (long[] p : periods) {
            most = Math.max(most, (int) periods.stream().filter(o -> o[0] <= p[0] && p[0] < o[1]).count());
        }
        return most;
    }
}
