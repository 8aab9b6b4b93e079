package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A harness stopped while a forked experiment runs: what it stopped is not a result, and the
 * forked child dies with its parent, even one killed with kill -9.
 */
class InterruptedRunTest {
    @TempDir
    Path dir;

    /** A threaded campaign whose golden run (forked) takes about 30 s of real time. */
    private Path longCampaign() throws Exception {
        final Path f = dir.resolve("long.yaml");
        Files.writeString(f, """
            name: long
            executor: threaded
            duration: 60s
            deadline: 120s
            system:
              hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
              links: [{between: [a, b], latency: 100us}]
              servers: {"*": {hangDeadline: 2s}}
            workloads: [{type: ping, from: a, to: b, count: 3000, interval: 10ms}]
            experiments:
              - {target: b.ip, fault: crash, trigger: "nth:10"}
            """);
        return f;
    }

    /** Starts the harness in a JVM of its own and waits until its forked golden run is going. */
    private Process harnessWithAChild(final Path file, final Path out) throws Exception {
        final Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), RunnerMain.class.getName(), file.toString(), out.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("harness.log").toFile()).start();
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(out.resolve("events/golden.jsonl")) && System.nanoTime() < until) {
            assertThat(harness.isAlive()).as("harness running; see %s", dir.resolve("harness.log")).isTrue();
            Thread.sleep(50);
        }
        assertThat(out.resolve("events/golden.jsonl")).exists();
        return harness;
    }

    private static List<ProcessHandle> children(final Process p) {
        return p.toHandle().children().toList();
    }

    @Test
    void aChildDiesWithItsParentKilledWithKillNine() throws Exception {
        final Path out = dir.resolve("killed");
        final Process harness = harnessWithAChild(longCampaign(), out);
        final List<ProcessHandle> kids = children(harness);
        assertThat(kids).isNotEmpty();
        harness.destroyForcibly();
        assertThat(harness.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle k : kids) {
            // Without the watchdog the child runs its 30 s golden run to the end.
            k.onExit().get(10, TimeUnit.SECONDS);
            assertThat(k.isAlive()).isFalse();
        }
        assertThat(out.resolve("events/golden.jsonl.observation.json")).doesNotExist();
    }

    @Test
    void aRunStoppedBecauseTheHarnessStopsIsNotWritten() throws Exception {
        final Path out = dir.resolve("stopped");
        final Process harness = harnessWithAChild(longCampaign(), out);
        final List<ProcessHandle> kids = children(harness);
        harness.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook kills the children
        assertThat(harness.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle k : kids) {
            k.onExit().get(10, TimeUnit.SECONDS);
        }
        final Path results = out.resolve("results.jsonl");
        final String written = Files.exists(results) ? Files.readString(results) : "";
        assertThat(written).as("the golden run was stopped by the harness, not finished").isEmpty();
    }
}
