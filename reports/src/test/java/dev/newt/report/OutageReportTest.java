package dev.newt.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.Event;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage is shown: the bins in which the workload made no progress are shaded ({@code outage})
 * and counted ("service lost for 30.000 ms") next to the detection and restart times.
 */
class OutageReportTest {
    @TempDir
    Path dir;

    @Test
    void aStalledWorkloadIsShadedAndCountedBesideDetectionAndRestart() throws Exception {
        final List<Event> events = new ArrayList<>();
        for (long bin = 0; bin < 100; bin += 10) {
            // No progress in the bins from 50 to 80 ms: a retransmission timeout after a 1 ms restart.
            events.add(ResultsFixture.metric("a.app.rpc", bin, bin >= 50 && bin < 80 ? 0 : 1000, 2));
        }
        events.add(new ServerCrashed(51 * ResultsFixture.MS, "a.tcp", 1, "java.lang.IllegalStateException", "boom",
            "Segment", List.of("dev.newt.net.tcp.TcpServer.handle(TcpServer.java:120)")));
        events.add(new ServerRestarted(52 * ResultsFixture.MS, "a.tcp", 1, 2, "fresh", ResultsFixture.MS, 0, 0));
        final ExperimentResult r = ResultsFixture.experiment(0, "a.tcp", "crash", Outcome.RECOVERED, 1.0, 1.0);
        final ExperimentResult withCrash = new ExperimentResult(r.id(), r.index(), r.target(), r.faultType(),
            r.trigger(), r.repetition(), r.seed(), r.outcome(), r.detail(), r.activatedAt(), r.detectionLatencyNanos(),
            r.recoveryNanos(), r.restarts(), 0, 0, 0, 0, 0, Map.of(), List.of(), 1, 1, r.eventLog(), null, null,
            30 * ResultsFixture.MS, "IllegalStateException: boom at dev.newt.net.tcp.TcpServer.handle(TcpServer.java:120)");
        new ResultsFixture(dir).manifest(ResultsFixture.manifest("outage", 1))
            .results(List.of(ResultsFixture.golden(), withCrash)).events("golden", List.of()).events("e0000", events);

        final ReportFiles files = Reports.write(dir);
        final String html = Files.readString(files.html());
        assertThat(html).contains("detected after 1.000 ms, restarted after 1.000 ms; service lost for 30.000 ms");
        assertThat(html).contains("Crash: <code>IllegalStateException: boom at dev.newt.net.tcp.TcpServer.handle");
        assertThat(Files.readAllLines(dir.resolve("timeline-phases.csv")))
            .anySatisfy(l -> assertThat(l).startsWith("e0000,outage,a.app.rpc,50000000,80000000,30000000"));
        assertThat(Files.readString(dir.resolve("experiments.csv"))).contains("30000000");
    }
}
