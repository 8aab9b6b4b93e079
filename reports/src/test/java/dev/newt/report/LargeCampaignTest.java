package dev.newt.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventJson;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A campaign of ten thousand experiments renders: aggregate tables, a capped experiments table, a few timelines. */
class LargeCampaignTest {
    static final int EXPERIMENTS = 10_000;
    static final String[] SERVERS = {"a.nic", "a.ip", "a.pf", "a.udp", "a.tcp", "a.sock", "b.ip", "b.tcp"};
    static final String[] FAULTS = {"crash", "hang", "delay", "corrupt-state", "drop-message", "flip-compare"};

    @TempDir
    Path dir;

    @Test
    void tenThousandExperimentsRenderWithAggregatesAndACappedTable() throws IOException {
        final Map<Outcome, Integer> expected = generate(dir);

        final long start = System.nanoTime();
        final ReportFiles files = Reports.write(dir);
        final long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("report of %d experiments written in %d ms (report.html %d KB)%n", EXPERIMENTS, millis,
            Files.size(files.html()) / 1024);

        assertThat(files.warnings()).isEmpty();
        assertThat(files.experiments()).isEqualTo(EXPERIMENTS);
        final List<Map<String, String>> outcomes = ReportText.csv(dir.resolve("outcomes.csv"));
        for (Outcome o : Outcome.values()) {
            assertThat(ReportText.rowWhere(outcomes, "outcome", o.label()).get("experiments"))
                .as(o.label()).isEqualTo(String.valueOf(expected.getOrDefault(o, 0)));
        }
        assertThat(ReportText.csv(dir.resolve("outcome-matrix.csv"))).hasSize(SERVERS.length * FAULTS.length);
        assertThat(ReportText.csv(dir.resolve("experiments.csv"))).hasSize(EXPERIMENTS + 1);
        assertThat(ReportText.csv(dir.resolve("timelines.csv"))).hasSizeBetween(2, 9);
        final String md = Files.readString(files.markdown());
        assertThat(ReportText.markdownTable(md, "Experiments")).hasSize(1000);
        assertThat(md).contains("Showing the first 1000 of 10001 rows; all of them are in experiments.csv.");
        assertThat(Files.readString(files.html()))
            .contains("Showing the first 1000 of 10001 rows; all of them are in experiments.csv.");
    }

    /** Writes the campaign, seeded; @return how many experiments came to each outcome */
    static Map<Outcome, Integer> generate(final Path dir) {
        final Random random = new Random(7);
        final List<ExperimentResult> results = new ArrayList<>(EXPERIMENTS + 1);
        results.add(ResultsFixture.golden());
        final Map<Outcome, Integer> expected = new EnumMap<>(Outcome.class);
        for (int i = 0; i < EXPERIMENTS; i++) {
            final Outcome outcome = Outcome.values()[random.nextInt(Outcome.values().length)];
            final boolean detected = outcome == Outcome.RECOVERED || outcome == Outcome.DEGRADED
                || outcome == Outcome.FAILED;
            final boolean recovered = outcome == Outcome.RECOVERED || outcome == Outcome.DEGRADED;
            results.add(ResultsFixture.experiment(i, SERVERS[random.nextInt(SERVERS.length)],
                FAULTS[random.nextInt(FAULTS.length)], outcome, detected ? 0.1 + random.nextDouble() * 5 : null,
                recovered ? 1 + random.nextDouble() * 100 : null));
            expected.merge(outcome, 1, Integer::sum);
        }
        final ResultsFixture fixture = new ResultsFixture(dir).manifest(ResultsFixture.manifest("large", EXPERIMENTS))
            .results(results);
        final String metrics = metrics();
        for (ExperimentResult r : results) {
            fixture.eventText(r.id(), metrics + phases(r));
        }
        return expected;
    }

    /** The workload's bins, the same in every log. */
    private static String metrics() {
        final StringBuilder b = new StringBuilder();
        for (long bin = 0; bin < 100; bin += 10) {
            b.append(EventJson.toLine(ResultsFixture.metric("a.app.rpc", bin, 1000 - bin, 2))).append('\n');
        }
        return b.toString();
    }

    /** A crash and restart when the experiment recovered. */
    private static String phases(final ExperimentResult r) {
        if (r.recoveryNanos() == null) {
            return "";
        }
        return EventJson.toLine(new ServerCrashed(50 * ResultsFixture.MS, r.target(), 1, "E", "injected", "handle"))
            + '\n' + EventJson.toLine(new ServerRestarted(50 * ResultsFixture.MS + r.recoveryNanos(), r.target(), 1, 2,
            "fresh", r.recoveryNanos(), 0, 0)) + '\n';
    }
}
