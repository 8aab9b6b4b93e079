package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.run.ResultsLog;
import dev.newt.results.ExperimentResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code newt run FILE --only ID} runs one experiment again: on the simulated executor its event
 * log is identical to the campaign's, and the command the report prints for it is the one that does.
 */
class RerunOneExperimentTest {
    private static final String CAMPAIGN = """
        name: rerun
        seed: 11
        duration: 5s
        deadline: 60s
        system:
          hosts:
            - {name: a, address: 10.0.0.1/24}
            - {name: b, address: 10.0.0.2/24}
          links:
            - {between: [a, b], latency: 1ms, loss: 0.02}
          servers:
            "*": {hangDeadline: 20ms}
        workloads:
          - {type: bulk, from: a, to: b, bytes: 16384}
          - {type: udp-echo, from: a, to: b, count: 40, window: 4}
        matrix:
          targets: [b.ip, b.tcp]
          faults: [crash, drop-message]
          triggers: ["nth:20"]
        """;
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
    void theCommandTheReportPrintsRunsTheExperimentAgainWithTheIdenticalEventLog() throws Exception {
        final Path file = dir.resolve("rerun.yaml");
        Files.writeString(file, CAMPAIGN);
        final Path whole = dir.resolve("whole");
        assertThat(NewtCli.commandLine().execute("run", file.toString(), "--out", whole.toString()))
            .isEqualTo(NewtCli.OK);

        final List<String> csv = Files.readAllLines(whole.resolve("experiments.csv"));
        assertThat(csv.get(0)).endsWith(",rerun");
        // The last column; the command has no comma to quote.
        final String row = csv.stream().filter(l -> l.startsWith("e0002,")).findFirst().orElseThrow();
        final String printed = row.substring(row.lastIndexOf(',') + 1);
        assertThat(printed).isEqualTo("newt run " + file + " --seed 11 --only e0002 --out rerun-e0002");
        assertThat(Files.readString(whole.resolve("report.html"))).contains("--only e0002");

        final List<String> args = new ArrayList<>(Arrays.asList(printed.split(" ")).subList(1, 7));
        final Path again = dir.resolve("rerun-e0002");
        args.addAll(List.of("--out", again.toString()));
        assertThat(NewtCli.commandLine().execute(args.toArray(String[]::new))).isEqualTo(NewtCli.OK);

        assertThat(ResultsLog.read(again.resolve("results.jsonl")).results()).extracting(ExperimentResult::id)
            .containsExactly("golden", "e0002");
        assertThat(Files.readString(again.resolve("events/e0002.jsonl")))
            .isEqualTo(Files.readString(whole.resolve("events/e0002.jsonl")));
    }

    @Test
    void anUnknownIdIsAUsageError() throws Exception {
        final Path file = dir.resolve("rerun.yaml");
        Files.writeString(file, CAMPAIGN);
        assertThat(NewtCli.commandLine().execute("run", file.toString(), "--only", "e0042", "--out",
            dir.resolve("x").toString())).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("--only: no experiment [e0042]").contains("e0000 to e0003");
    }
}
