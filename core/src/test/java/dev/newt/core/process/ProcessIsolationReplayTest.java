package dev.newt.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under checkpoint+replay with a checkpoint every 16 messages, each fault that ends or breaks the
 * isolated server's JVM is recovered with the count intact: the new process gets the parent's
 * checkpoint and the parent replays the messages handled since (the fault's own message skipped).
 */
class ProcessIsolationReplayTest {
    private ProcessIsolation processes;
    private NewtRuntime rt;
    private NewtClient client;

    @BeforeEach
    void start() {
        processes = ProcessIsolation.builder().warmSpares(1).heartbeatTimeout(Duration.ofSeconds(2)).build();
        rt = NewtRuntime.builder().threaded("backoff")
            .server(processes.spec(FaultyCounter.Recipe.class, "isolated", "CHECKPOINT_REPLAY", "16"))
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

    @ParameterizedTest
    @ValueSource(strings = {"kill -9", "exit", "oom", "stack", "crash"})
    void theCountSurvivesTheFaultThroughCheckpointAndReplay(final String fault) throws Exception {
        for (int i = 0; i < 50; i++) {
            assertTrue(client.send("isolated", "inc"));
        }
        final long pid = (Long) Await.result(client.request("isolated", "pid")).payload();
        if (fault.equals("kill -9")) {
            new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor(10, TimeUnit.SECONDS);
        } else {
            client.send("isolated", fault);
        }
        final long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (rt.events().ofType(ServerRestarted.class).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not restarted within " + Await.WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        final List<ServerRestarted> restarts = rt.events().ofType(ServerRestarted.class);
        assertEquals(1, restarts.size(), restarts.toString());
        assertTrue(restarts.get(0).replayed() > 0, "messages since the checkpoint were replayed: " + restarts);
        assertEquals(50L, Await.result(client.request("isolated", "get")).payload(), "every count, none twice");
    }
}
