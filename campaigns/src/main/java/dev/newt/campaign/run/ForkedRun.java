package dev.newt.campaign.run;

import dev.newt.campaign.outcome.RunObservation;
import dev.newt.results.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one run in a JVM of its own ({@code java -cp <this class path> ExperimentMain ...}),
 * killed at its deadline, so that a runaway fault (a thread that spins, a leak) cannot harm
 * the harness. The child's output goes to {@code <events>.log} beside its event log.
 */
final class ForkedRun {
    /** Children still running: killed if the harness itself is stopped (Ctrl-C, a kill of newt run). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /** Set before the children are killed at shutdown: their ends are the harness's, not the experiments'. */
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            STOPPING.set(true);
            LIVE.forEach(Process::destroyForcibly);
        }, "newt-kill-forked-experiments"));
    }

    private ForkedRun() {
    }

    static RunObservation run(final Path campaignFile, final long seed, final String index, final Path eventLog,
                              final Duration deadline) {
        return run(campaignFile, seed, index, eventLog, deadline, List.of());
    }

    static RunObservation run(final Path campaignFile, final long seed, final String index, final Path eventLog,
                              final Duration deadline, final List<Path> plugins) {
        final Path observation = eventLog.resolveSibling(eventLog.getFileName() + ".observation.json");
        final Path output = eventLog.resolveSibling(eventLog.getFileName() + ".log");
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A server with isolation: process talks to its child over Agrona's rings.
        cmd.add(dev.newt.core.process.JavaLauncher.AGRONA_EXPORTS);
        cmd.add("-cp");
        // The user's images go on the child's class path too: their shared types (messages) load from there.
        final StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        plugins.forEach(p -> cp.append(java.io.File.pathSeparator).append(p));
        cmd.add(cp.toString());
        cmd.add(ExperimentMain.class.getName());
        cmd.add(campaignFile.toString());
        cmd.add(Long.toString(seed));
        cmd.add(index);
        cmd.add(eventLog.toString());
        cmd.add(observation.toString());
        Process p = null;
        try {
            Files.deleteIfExists(observation);
            Files.deleteIfExists(output);
            // The child's standard input stays a pipe from this JVM: it reads it to end of file, which
            // comes when this JVM is gone (even by kill -9), and then halts (ExperimentMain).
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            LIVE.add(p);
            if (STOPPING.get()) {
                throw new HarnessStopping("the harness is stopping");
            }
            final boolean exited = p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (STOPPING.get()) {
                throw new HarnessStopping("the harness is stopping");
            }
            if (!exited) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return RunObservation.deadlineExceeded(EventLogs.read(eventLog));
            }
            if (p.exitValue() != 0 || !Files.exists(observation)) {
                return RunObservation.harnessError("forked experiment exited with " + p.exitValue() + "; see "
                    + output.getFileName());
            }
            final ExperimentMain.Observation o = ResultsJson.MAPPER.readValue(observation.toFile(),
                ExperimentMain.Observation.class);
            Files.deleteIfExists(observation);
            Files.deleteIfExists(output);
            return new RunObservation(EventLogs.read(eventLog), o.summaries(), o.summaryWriters(), o.faults(),
                o.runtimeNanos(), o.updates(), o.harnessError(), false);
        } catch (IOException e) {
            return RunObservation.harnessError("cannot fork the experiment: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessStopping("interrupted");
        } finally {
            if (p != null) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
                LIVE.remove(p);
            }
        }
    }
}
