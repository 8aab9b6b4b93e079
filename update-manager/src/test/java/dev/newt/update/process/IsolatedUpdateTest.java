package dev.newt.update.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.process.ProcessIsolation;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdateOutcome.Result;
import dev.newt.update.UpdatePlan;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live update of a process-isolated server: the new version starts in a fresh child JVM, from the
 * state the parent held at the safe point, while a client keeps sending; a new version that fails
 * to start in its child rolls back to the old one, which serves again.
 */
class IsolatedUpdateTest {
    private static final String COUNTER = "counter";
    /** Generous: a loaded machine's child round trips are slow, and this is no timing test. */
    private static final Duration QUIESCE = Duration.ofSeconds(10);
    private ProcessIsolation processes;
    private NewtRuntime rt;
    private NewtClient client;
    private UpdateManager updates;

    @BeforeEach
    void start() {
        processes = ProcessIsolation.builder().warmSpares(1).heartbeatTimeout(Duration.ofSeconds(5)).build();
        rt = NewtRuntime.builder().threaded("park")
            .server(processes.spec(VersionedCounter.V1.Recipe.class, COUNTER))
            .build();
        rt.start();
        client = rt.client("test");
        updates = UpdateManager.of(rt);
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

    private static void until(final String what, final java.util.function.BooleanSupplier done) {
        final long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + Await.WAIT + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private Object ask(final String what) {
        return Await.result(client.request(COUNTER, what)).payload();
    }

    /** The running spec's settings, with the implementation (and isolation) {@code recipe} makes. */
    private ServerSpec<?> next(final Class<? extends dev.newt.core.process.ServerRecipe> recipe) {
        return rt.spec(COUNTER).withImplementation(processes.spec(recipe, COUNTER));
    }

    /** Sends "inc" from its own thread until stopped, counting what the mailbox took. */
    private static final class Feeder implements AutoCloseable {
        final AtomicLong sent = new AtomicLong();
        private final Thread thread;
        private volatile boolean stop;

        Feeder(final NewtClient client) {
            thread = new Thread(() -> {
                final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!stop && System.nanoTime() < giveUpAt) {
                    if (client.send(COUNTER, "inc")) {
                        sent.incrementAndGet();
                    }
                    // Paced: the child's round trip is the bottleneck, not the mailbox.
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
            }, "feeder");
            thread.start();
        }

        long stop() throws InterruptedException {
            stop = true;
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).isFalse();
            return sent.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    @Test
    void anUpdateStartsTheNewVersionInAFreshChildWithTheStateAndLosesNoMessage() throws Exception {
        assertThat(ask("version")).isEqualTo("v1");
        final long v1Pid = (Long) ask("pid");
        final UpdateOutcome o;
        final long sent;
        try (Feeder feeder = new Feeder(client)) {
            until("the feeder has sent some", () -> feeder.sent.get() >= 50);
            o = updates.update(UpdatePlan.of(COUNTER, next(VersionedCounter.V2.Recipe.class))
                .probation(Duration.ofMillis(50), HealthCheck.serving()).quiesceDeadline(QUIESCE));
            until("the feeder has sent after the update", () -> feeder.sent.get() >= 100 + 50);
            sent = feeder.stop();
        }
        assertThat(o.result()).as(o.reason()).isEqualTo(Result.COMMITTED);
        assertThat(ask("version")).isEqualTo("v2");
        assertThat((Long) ask("get")).as("every inc counted, across the update").isEqualTo(sent);
        final long v2Pid = (Long) ask("pid");
        assertThat(v2Pid).as("the new version runs in another process").isNotEqualTo(v1Pid)
            .isNotEqualTo(ProcessHandle.current().pid());
        until("the old version's process is gone", () -> ProcessHandle.of(v1Pid).map(h -> !h.isAlive()).orElse(true));
        until("no child left behind: the server's and one warm spare", () -> processes.children().size() == 2);
    }

    @Test
    void aNewVersionThatFailsToStartInItsChildRollsBackToTheOldOneServingAgain() throws Exception {
        assertThat(ask("version")).as("v1 serves (its child booted)").isEqualTo("v1");
        final long sent;
        final UpdateOutcome o;
        try (Feeder feeder = new Feeder(client)) {
            until("the feeder has sent some", () -> feeder.sent.get() >= 50);
            o = updates.update(UpdatePlan.of(COUNTER, next(VersionedCounter.BrokenV2.Recipe.class))
                .probation(Duration.ofMillis(50), HealthCheck.serving()).quiesceDeadline(QUIESCE));
            until("the feeder has sent after the update", () -> feeder.sent.get() >= 100 + 50);
            sent = feeder.stop();
        }
        assertThat(o.result()).as(o.reason()).isEqualTo(Result.ROLLED_BACK);
        assertThat(o.reason()).contains("failed to start").contains("broken-v2 cannot start");
        assertThat(ask("version")).as("the old version serves again").isEqualTo("v1");
        assertThat((Long) ask("get")).as("every inc counted by v1, before and after").isEqualTo(sent);
        assertThat((Long) ask("pid")).isNotEqualTo(ProcessHandle.current().pid());
        until("no child left behind: the server's and one warm spare", () -> processes.children().size() == 2);
    }
}
