package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.run.ResultsLog;
import dev.newt.results.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code newt run} prints the live updates beside the outcome table: committed, rolled back and
 * aborted, downtime and transfer percentiles labelled virtual on the simulated executor, and the
 * phases' wall-clock cost, which the results record too.
 */
class LiveUpdatesConsoleTest {
    private static final Path IMAGES = Path.of("../update-manager/target/images").toAbsolutePath().normalize();
    private final CapturedStreams streams = new CapturedStreams();
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        streams.capture();
    }

    @AfterEach
    void restore() {
        streams.restore();
    }

    @Test
    void theRunPrintsTheUpdatesResultsAndVirtualDurationsSayVirtual() throws Exception {
        final Path file = dir.resolve("updates.yaml");
        Files.writeString(file, """
            name: updates
            seed: 5
            duration: 10s
            system:
              hosts:
                - {name: a, address: 10.0.0.1/24}
                - {name: b, address: 10.0.0.2/24}
              links:
                - {between: [a, b], latency: 1ms}
            workloads:
              - {type: bulk, from: a, to: b, bytes: 131072}
              - {type: rpc, from: a, to: b, requests: 50}
            updates:
              - {at: 15ms, servers: [b.tcp], image: %s}
              - {at: 40ms, servers: [a.tcp], image: %s, class: dev.newt.net.tcp.BrokenTcpServer, args: [0]}
            """.formatted(IMAGES.resolve("tcp-v2"), IMAGES.resolve("tcp-broken")));
        final Path out = dir.resolve("out");
        assertThat(NewtCli.commandLine().execute("run", file.toString(), "--out", out.toString())).isEqualTo(NewtCli.OK);

        final String printed = streams.out();
        assertThat(printed).contains("live updates: 2 in 1 runs; durations in ms virtual (simulated executor");
        assertThat(printed).containsPattern("b\\.tcp -> tcp-v2 +1 +0 +0 ");
        assertThat(printed).containsPattern("a\\.tcp -> tcp-broken +0 +1 +0 ");
        assertThat(printed).contains("ms wall").contains("(virtual: the simulated executor's runtime clock)");

        final List<UpdateResult> updates = ResultsLog.read(out.resolve("results.jsonl")).results().get(0).updates();
        assertThat(updates).extracting(UpdateResult::result).containsExactly("committed", "rolled-back");
        assertThat(updates.get(0).wallTransferNanos()).isPositive();
        assertThat(updates.get(0).wallTotalNanos()).isGreaterThanOrEqualTo(updates.get(0).wallTransferNanos());
    }
}
