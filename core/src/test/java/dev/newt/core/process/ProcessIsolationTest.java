package dev.newt.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A process-isolated counter beside an in-JVM one: the isolated server answers as the local one
 * does, and every fault that ends its JVM (kill -9, System.exit, heap exhaustion) or would end a
 * shared one (a stack overflow) is contained to it: detected, restarted from the parent's
 * checkpoint with its count intact, while the in-JVM counter keeps serving.
 */
class ProcessIsolationTest {
    private ProcessIsolation processes;
    private NewtRuntime rt;
    private NewtClient client;

    @BeforeEach
    void start() {
        processes = ProcessIsolation.builder().warmSpares(1).heartbeatTimeout(Duration.ofSeconds(2)).build();
        rt = NewtRuntime.builder().threaded("backoff")
            .server(processes.spec(FaultyCounter.Recipe.class, "isolated"))
            .server(new FaultyCounter.Recipe().spec("local", List.of()))
            .build();
        rt.start();
        client = rt.client("test");
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    private long get(final String server) {
        return (Long) Await.result(client.request(server, "get")).payload();
    }

    private long pid() {
        return (Long) Await.result(client.request("isolated", "pid")).payload();
    }

    private void count(final int n) {
        for (int i = 0; i < n; i++) {
            assertTrue(client.send("isolated", "inc"));
            assertTrue(client.send("local", "inc"));
        }
    }

    private static void until(final String what, final BooleanSupplier done) {
        final long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + Await.WAIT + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void anIsolatedServerAnswersAsAnInJvmOneDoes() {
        count(50);
        assertEquals(50, get("isolated"));
        assertEquals(50, get("local"));
        final FaultyCounter.Echo echo = new FaultyCounter.Echo("hello", 42);
        assertEquals(echo, Await.result(client.request("isolated", echo)).payload());
        assertNotEquals(ProcessHandle.current().pid(), pid(), "it runs in another process");
        client.send("isolated", "tick");
        until("the timer set in the child fires in the parent and counts", () -> get("isolated") == 51);
        assertEquals(50, rt.checkpointedState("isolated", FaultyCounter.State.class).count - 1,
            "the parent holds its checkpoints");
    }

    @Test
    void aCrashInTheChildIsACrashOfTheServerAndTheProcessServesOn() {
        count(10);
        final long before = pid();
        client.send("isolated", "crash");
        until("restarted", () -> !rt.events().ofType(ServerRestarted.class).isEmpty());
        final ServerCrashed crash = rt.events().ofType(ServerCrashed.class).get(0);
        assertTrue(crash.message().contains("IllegalStateException: crash requested"), crash.message());
        assertEquals(10, get("isolated"), "restored from the checkpoint");
        assertEquals(before, pid(), "the process was sound and serves the next incarnation");
    }

    @Test
    void killDashNineOfTheChildIsDetectedAndRecoveredWhileTheRestServes() throws Exception {
        count(20);
        final long before = pid();
        new ProcessBuilder("kill", "-9", String.valueOf(before)).start().waitFor(10, TimeUnit.SECONDS);
        until("restarted", () -> !rt.events().ofType(ServerRestarted.class).isEmpty());
        final ServerCrashed crash = rt.events().ofType(ServerCrashed.class).get(0);
        assertTrue(crash.message().contains("exited with 137"), crash.message());
        // Between calls, or in the audit of a checkpoint the parent had just asked the child for.
        assertTrue(java.util.Set.of("outside-handler", "audit").contains(crash.during()), crash.during());
        count(5);
        assertEquals(25, get("isolated"));
        assertEquals(25, get("local"));
        assertNotEquals(before, pid(), "a new process");
    }

    @Test
    void systemExitInAHandlerEndsOnlyTheServersProcess() {
        count(20);
        client.send("isolated", "exit");
        until("restarted", () -> !rt.events().ofType(ServerRestarted.class).isEmpty());
        assertTrue(rt.events().ofType(ServerCrashed.class).get(0).message().contains("exited with 7"));
        count(1);
        assertEquals(21, get("isolated"));
        assertEquals(21, get("local"));
    }

    @Test
    void heapExhaustionEndsOnlyTheServersProcess() {
        count(20);
        client.send("isolated", "oom");
        until("restarted", () -> !rt.events().ofType(ServerRestarted.class).isEmpty());
        assertTrue(rt.events().ofType(ServerCrashed.class).get(0).message().contains("OutOfMemoryError"),
            rt.events().ofType(ServerCrashed.class).get(0).message());
        count(1);
        assertEquals(21, get("isolated"));
        assertEquals(21, get("local"));
    }

    @Test
    void aStackOverflowIsACrashOfTheServerOnly() {
        count(20);
        client.send("isolated", "stack");
        until("restarted", () -> !rt.events().ofType(ServerRestarted.class).isEmpty());
        assertTrue(rt.events().ofType(ServerCrashed.class).get(0).message().contains("StackOverflowError"));
        count(1);
        assertEquals(21, get("isolated"));
        assertEquals(21, get("local"));
    }

    @Test
    void aChildThatStopsHeartBeatingIsKilledAndRecovered() throws Exception {
        count(20);
        final long before = pid();
        new ProcessBuilder("kill", "-STOP", String.valueOf(before)).start().waitFor(10, TimeUnit.SECONDS);
        until("restarted", () -> !rt.events().ofType(ServerRestarted.class).isEmpty());
        final ServerCrashed crash = rt.events().ofType(ServerCrashed.class).get(0);
        assertTrue(crash.message().contains("no heartbeat"), crash.message());
        count(1);
        assertEquals(21, get("isolated"));
        assertNotEquals(before, pid());
    }

    @Test
    void aRestartTakesTheWarmSpareAndAnotherIsBooted() throws Exception {
        count(1);
        final long before = pid();
        final long warm = processes.warmStarts();
        new ProcessBuilder("kill", "-9", String.valueOf(before)).start().waitFor(10, TimeUnit.SECONDS);
        until("restarted", () -> !rt.events().ofType(ServerRestarted.class).isEmpty());
        assertEquals(1, get("isolated"));
        assertEquals(warm + 1, processes.warmStarts(), "the restart took the spare");
        until("a new spare", () -> processes.children().size() == 2);
    }

    @Test
    void everyChildEndsWithTheIsolation() {
        pid();
        until("the server's process and a new spare", () -> processes.children().size() == 2);
        final List<ProcessHandle> children = processes.children().stream()
            .map(p -> ProcessHandle.of(p).orElseThrow()).toList();
        assertEquals(2, children.size(), "the server's process and a spare");
        rt.close();
        processes.close();
        children.forEach(c -> assertTrue(!c.isAlive(), "child " + c.pid() + " ended"));
    }

}
