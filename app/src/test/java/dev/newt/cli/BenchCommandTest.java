package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code newt bench}'s command line: choosing suites, the table and the JSON it writes (no timing asserted). */
class BenchCommandTest {
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
    void anUnknownSuiteIsAUsageErrorNamingItAndTheValidOnes() {
        assertThat(NewtCli.commandLine().execute("bench", "--suite", "stack,nope")).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("unknown suite 'nope'")
            .contains("hop, stack, recoverable, faults, recovery, update, connections, simulation, campaigns, tap");
    }

    @Test
    void aSuiteRunPrintsItsFiguresAndWritesThemAsJson() throws Exception {
        final Path json = dir.resolve("bench.json");
        assertThat(NewtCli.commandLine().execute("bench", "--quick", "--suite", "simulation", "--out", json.toString()))
            .isEqualTo(NewtCli.OK);
        assertThat(streams.out()).contains("simulation").contains("virtual/wall time")
            .contains(">= 50");
        final JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("quick").asBoolean()).isTrue();
        // Virtual time over wall time, over the driving thread's CPU time, and MB allocated per run.
        assertThat(doc.get("figures")).hasSize(3);
        assertThat(doc.get("figures").findValuesAsText("metric"))
            .containsExactly("virtual/wall time", "virtual/cpu time", "allocated per run");
        final JsonNode f = doc.get("figures").get(0);
        assertThat(f.get("suite").asText()).isEqualTo("simulation");
        assertThat(f.get("value").asDouble()).isPositive();
        assertThat(f.get("min").asDouble()).isLessThanOrEqualTo(f.get("max").asDouble());
    }
}
