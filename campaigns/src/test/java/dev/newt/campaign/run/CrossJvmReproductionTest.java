package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Schedule;
import dev.newt.campaign.spec.ScheduledFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule is reproduced from (seed, commit) in any JVM: the same schedule run in two fresh JVMs
 * (one of them hashing every object by identity to 1, so that identity-hashed collections iterate in
 * another order, and each with its own salt for {@code Set.of} and {@code Map.of}) and in this one,
 * after other runs, writes the same event log byte for byte. Corruptions are what could tell them
 * apart: they pick the value to change by walking the server's state or the message.
 */
class CrossJvmReproductionTest {
    private static final String CAMPAIGN = """
        name: cross-jvm
        seed: 3
        executor: simulated
        duration: 3s
        deadline: 120s
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b], latency: 1ms, loss: 0.01}]
          servers: {"*": {hangDeadline: 20ms}}
        workloads:
          - {type: bulk, from: a, to: b, bytes: 16384}
          - {type: udp-echo, from: a, to: b, count: 40, window: 4}
        schedules:
          runs: 1
          faults: 4
          updates: 0
          from: 5ms
          to: 100ms
          targets: [a.ip, b.ip, b.udp, b.tcp, b.sock]
          types: [corrupt-state, corrupt-message, crash]
          typeWeights: [3, 3, 1]
          recovery: [fresh, checkpoint]
          shrink: 0s
        """;
    private static final long SEED = 1234;

    @TempDir
    Path dir;

    @Test
    void oneScheduleWritesTheSameEventLogInTwoForkedJvmsAndInThisOne() throws Exception {
        final Path file = dir.resolve("cross-jvm.yaml");
        Files.writeString(file, CAMPAIGN);
        final Campaign c = CampaignReader.read(file).campaign();
        final Schedule s = c.schedules().scheduleFor(SEED);
        assertThat(s.faults()).extracting(f -> f.fault().type()).contains("corrupt-state");

        final Path first = fork(file, "first", List.of());
        final Path second = fork(file, "second", List.of("-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2"));
        // This JVM has run other tests, and runs another schedule first.
        CampaignRunner.runSchedule(c, c.schedules().scheduleFor(SEED + 1), dir.resolve("other.jsonl"));
        final Path here = dir.resolve("here.jsonl");
        CampaignRunner.runSchedule(c, s, here);

        final List<String> a = Files.readAllLines(first);
        assertThat(a).as("the run's events").hasSizeGreaterThan(10)
            .anyMatch(l -> l.contains("\"fault-activated\"") && l.contains("\"corrupt-state\""));
        assertThat(Files.readAllLines(second)).as("the run in a JVM hashing by identity to 1").isEqualTo(a);
        assertThat(Files.readAllLines(here)).as("the run in the test's JVM").isEqualTo(a);
    }

    private Path fork(final Path file, final String name, final List<String> jvmOptions) throws Exception {
        final Path log = dir.resolve(name + ".jsonl");
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScheduleMain.class.getName(),
            file.toString(), Long.toString(SEED), log.toString()));
        final Path out = dir.resolve(name + ".out");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("forked run %s ended; see %s", name, out).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("forked run %s: %s", name, Files.readString(out)).isZero();
        assertThat(Files.readString(out)).as("forked run %s", name).startsWith("ran ");
        return log;
    }
}
