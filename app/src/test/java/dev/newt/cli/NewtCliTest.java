package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands' exit codes and messages; what they run is tested in the campaign packages. */
class NewtCliTest {
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

    private int newt(final String... args) {
        return NewtCli.commandLine().execute(args);
    }

    private String stdout() {
        return streams.out();
    }

    private String stderr() {
        return streams.err();
    }

    @Test
    void validateAcceptsTheExamplesAndCountsTheirExperiments() {
        assertThat(newt("validate", "examples/pf-state-loss.yaml")).isEqualTo(NewtCli.OK);
        assertThat(stdout()).contains("valid: campaign 'pf-state-loss'").contains("2 experiments");
        assertThat(newt("validate", "examples/tcp-crash-sweep.yaml")).isEqualTo(NewtCli.OK);
        assertThat(stdout()).contains("18 experiments");
        assertThat(newt("validate", "examples/soak-10k.yaml")).isEqualTo(NewtCli.OK);
        assertThat(stdout()).contains("10140 experiments");
    }

    @Test
    void validatePrintsEveryProblemAndExitsTwo() throws Exception {
        final Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
            name: bad
            system:
              hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
              links: [{between: [a, b]}]
            workloads: [{type: pnig, from: a, to: b}]
            experiments:
              - {target: b.ip, fault: {type: crash, method: nosuchmethod}, trigger: "nth:1"}
              - {target: b.ip, fault: hnag, trigger: "nth:1"}
            """);
        assertThat(newt("validate", f.toString())).isEqualTo(NewtCli.USAGE);
        assertThat(stderr()).contains(f + ":5:20: workloads[0].type: unknown workload type 'pnig'")
            .contains("(did you mean 'ping'?)")
            .contains(f + ":8:27: experiments[1].fault: unknown fault type 'hnag'")
            .contains("2 problems in " + f);
        // Once the rest is valid, weaving finds the method that does not exist.
        Files.writeString(f, Files.readString(f).replace("pnig", "ping").replace("hnag", "hang"));
        streams.clearErr();
        assertThat(newt("validate", f.toString())).isEqualTo(NewtCli.USAGE);
        assertThat(stderr()).contains(f + ":7:27: fault crash in b.ip: site b.ip:dev.newt.net.ip.IpServer#nosuchmethod "
            + "matches nothing");
    }

    @Test
    void runRefusesABadFileBeforeRunningAnything() throws Exception {
        final Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: x\nexecutor: threadd\n");
        assertThat(newt("run", f.toString(), "--out", dir.resolve("out").toString())).isEqualTo(NewtCli.USAGE);
        assertThat(stderr()).contains("did you mean 'threaded'?");
        assertThat(dir.resolve("out")).doesNotExist();
        streams.clearErr();
        assertThat(newt("run", "examples/pf-state-loss.yaml", "--jobs", "0")).isEqualTo(NewtCli.USAGE);
        assertThat(stderr()).contains("--jobs must be at least 1, was 0");
        if (System.getenv("JOB_COMPLETION_INDEX") == null && System.getenv("SLURM_ARRAY_TASK_ID") == null) {
            assertThat(newt("run", "examples/pf-state-loss.yaml", "--shard", "4")).isEqualTo(NewtCli.USAGE);
            assertThat(stderr()).contains("set JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID");
        }
    }

    @Test
    void faultsListShowsTheSitesOfAServerAndSuggestsForATypo() {
        assertThat(newt("faults", "list", "--server", "b.tcp")).isEqualTo(NewtCli.OK);
        assertThat(stdout()).contains("corrupt-message").contains("dev.newt.net.tcp.TcpServer#handle");
        assertThat(newt("faults", "list", "--server", "b.tpc")).isEqualTo(NewtCli.USAGE);
        assertThat(stderr()).contains("did you mean 'b.tcp'?");
    }

    @Test
    void mergeAndReportNameWhatIsMissing() {
        assertThat(newt("merge", dir.toString(), "--out", dir.resolve("m").toString())).isEqualTo(NewtCli.USAGE);
        assertThat(stderr()).contains(dir + " is not a results directory");
        assertThat(newt("report", dir.toString())).isEqualTo(NewtCli.USAGE);
        assertThat(newt("merge", "--help")).isEqualTo(NewtCli.OK);
        assertThat(stdout()).contains("Usage: newt merge");
    }
}
