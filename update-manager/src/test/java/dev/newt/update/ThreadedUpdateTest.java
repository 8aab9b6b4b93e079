package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtClient;
import dev.newt.update.UpdateOutcome.Result;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Live updates on the threaded executor: real threads, the real clock, a stream from another thread. */
class ThreadedUpdateTest {

    /** Streams numbered entries to a server from its own thread until told to stop. */
    private static final class Feeder implements AutoCloseable {
        final AtomicLong sent = new AtomicLong();
        private final Thread thread;
        private volatile boolean stop;

        Feeder(final NewtClient client, final String server) {
            thread = new Thread(() -> {
                final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!stop && System.nanoTime() < giveUpAt) {
                    if (client.send(server, sent.get() + 1)) {
                        sent.incrementAndGet();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }, "feeder");
            thread.start();
        }

        /** Stops and waits for the thread; @return entries sent */
        long stop() throws InterruptedException {
            stop = true;
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(thread.isAlive()).isFalse();
            return sent.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** Asks for stats until the server counted {@code n} entries, for at most five seconds. */
    private static Map<String, Object> statsOnceCounted(final JournalRig rig, final long n) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Map<String, Object> s = rig.statsMap("j");
        while (!s.get("count").equals(n) && System.nanoTime() < deadline) {
            s = rig.statsMap("j");
        }
        return s;
    }

    private static JournalRig threaded() {
        return JournalRig.of(JournalRig.builder(s -> s, "j").threaded("park").build());
    }

    @Test
    void aBlockingUpdateDuringAStreamFromAnotherThreadCommitsAndLosesNothing() throws Exception {
        try (JournalRig rig = threaded(); Feeder feeder = new Feeder(rig.client, "j")) {
            final UpdateOutcome o = rig.updates.update(UpdatePlan.of("j", rig.next("j", "journal-v2"))
                .probation(Duration.ofMillis(20), HealthCheck.serving()));
            final long sent = feeder.stop();
            // The feeder may have left the mailbox full: the last entry goes in once there is room.
            final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean accepted = rig.client.send("j", sent + 1);
            while (!accepted && System.nanoTime() < giveUpAt) {
                Thread.onSpinWait();
                accepted = rig.client.send("j", sent + 1);
            }
            assertThat(accepted).as("the last entry was taken within 5 s").isTrue();

            assertThat(o.result()).as(o.reason()).isEqualTo(Result.COMMITTED);
            assertThat(o.transferNanos()).isPositive();
            assertThat(o.downtimeNanos()).isGreaterThanOrEqualTo(o.transferNanos());
            assertThat(o.totalNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
            final Map<String, Object> s = statsOnceCounted(rig, sent + 1);
            assertThat(s).containsEntry("version", "v2").containsEntry("count", sent + 1)
                .containsEntry("outOfOrder", 0L);
            assertThat((Long) s.get("byV2")).isPositive();
        }
    }

    @Test
    void aNewVersionCrashingOnProbationIsRolledBackAndTheEntriesItTookAreNotLost() throws Exception {
        try (JournalRig rig = threaded()) {
            rig.send("j", "begin");
            assertThat(rig.statsMap("j")).containsEntry("version", "v1");
            final CompletableFuture<UpdateOutcome> f = rig.updates.start(UpdatePlan.of("j",
                rig.next("j", "journal-broken", 5)).probation(Duration.ofMillis(100), HealthCheck.serving()));
            // The server reaches its safe point right after "end": the entries behind it wait for the new version.
            rig.send("j", "end");
            rig.feed("j", 500);
            final UpdateOutcome o = f.get(10, TimeUnit.SECONDS);

            assertThat(o.result()).as(o.reason()).isEqualTo(Result.ROLLED_BACK);
            assertThat(o.reason()).contains("crashes on message 5").contains("replaying 4 messages");
            assertThat(statsOnceCounted(rig, 500)).containsEntry("version", "v1").containsEntry("count", 500L)
                .containsEntry("outOfOrder", 0L);
        }
    }
}
