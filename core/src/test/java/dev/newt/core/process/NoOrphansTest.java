package dev.newt.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.newt.core.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No server process outlives its parent: after kill -9 of the parent the process table holds none of its children. */
class NoOrphansTest {
    private Process parent;
    private final List<Long> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (parent != null) {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void killDashNineOfTheParentEndsEveryChild() throws Exception {
        parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            JavaLauncher.AGRONA_EXPORTS, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            OrphanParentMain.class.getName()).redirectErrorStream(true).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        final String line = readChildren(out);
        Arrays.stream(line.substring("CHILDREN ".length()).trim().split(" ")).map(Long::valueOf).forEach(children::add);
        assertEquals(2, children.size(), "the server's process and a spare: " + line);
        children.forEach(pid -> assertTrue(inProcessTable(pid), "child " + pid + " runs"));

        new ProcessBuilder("kill", "-9", String.valueOf(parent.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the parent died");

        final long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (children.stream().anyMatch(NoOrphansTest::inProcessTable) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        for (long pid : children) {
            assertTrue(!inProcessTable(pid), "child " + pid + " is gone from the process table");
        }
    }

    /** Reads the parent's output up to its CHILDREN line, bounded. */
    private static String readChildren(final BufferedReader out) throws Exception {
        final StringBuilder seen = new StringBuilder();
        final Thread reader = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(l).append('\n');
                    }
                    if (l.startsWith("CHILDREN ")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // The parent ended: what it wrote is in seen.
            }
        }, "orphan-parent-output");
        reader.setDaemon(true);
        reader.start();
        Await.ended(reader);
        synchronized (seen) {
            return Arrays.stream(seen.toString().split("\n")).filter(l -> l.startsWith("CHILDREN "))
                .findFirst().orElseThrow(() -> new AssertionError("the parent did not list its children: " + seen));
        }
    }

    /** @return whether {@code ps} lists the process as alive (a zombie, dead and not yet reaped, is not) */
    private static boolean inProcessTable(final long pid) {
        try {
            final Process ps = new ProcessBuilder("ps", "-o", "stat=", "-p", String.valueOf(pid)).start();
            final String stat = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            ps.waitFor(10, TimeUnit.SECONDS);
            return !stat.isEmpty() && !stat.startsWith("Z");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run ps: " + e, e);
        }
    }
}
