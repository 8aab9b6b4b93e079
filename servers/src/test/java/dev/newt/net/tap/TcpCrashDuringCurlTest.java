package dev.newt.net.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostNames;
import dev.newt.net.testing.Crashable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Newt's tcp crashes in the middle of a Linux curl download and is restored (from a checkpoint of
 * every message, or by tcp's default checkpoint and replay); curl, which knows nothing of it, must
 * get every byte: the restored tcp has every byte it had acknowledged and not yet had
 * acknowledged, and retransmission repairs what died with it.
 *
 * <p>Disabled for now: they expose a race in the runtime's resubmission ({@link #RACE}); on failure
 * they name the orphaned reply and where the stream repeats itself. Run them with
 * <pre>
 * mvn -o test -pl core,servers -Dtest=TcpCrashDuringCurlTest \
 *     -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition
 * </pre>
 */
class TcpCrashDuringCurlTest {
    private static final long CRASH_AFTER_BYTES = 1 << 20;

    /** Why the tests are disabled; remove it with the runtime fix. */
    private static final String RACE = "fails in 1 run of 2 to 5: a StreamSent that newt.tcp sent just before"
        + " crashing is dropped as ReplyOrphaned at newt.sock (the restart took its pending ticket as an orphan"
        + " first); sock resubmits the send and the restored tcp, which already holds those bytes, buffers them"
        + " again: 64 KiB repeated in curl's file. The fix belongs to the runtime (core): keep orphaned"
        + " tickets until the PeerRestarted notice is handled, so a late reply still completes them and the"
        + " resubmission is skipped";

    /** tcp restored from a checkpoint taken after every message. */
    private static <S> ServerSpec<S> checkpointEveryMessage(final ServerSpec<S> spec) {
        return Crashable.wrap(spec).withRecovery(RecoveryPolicy.CHECKPOINT)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE);
    }

    /** tcp with its default recovery: the last checkpoint, then the messages since replayed. */
    private static <S> ServerSpec<S> defaultRecovery(final ServerSpec<S> spec) {
        return Crashable.wrap(spec);
    }

    @Disabled(RACE)
    @Test
    void curlGetsEveryByteAcrossATcpCrashRestoredFromACheckpointOfEveryMessage() throws Exception {
        crashDuringCurl(TcpCrashDuringCurlTest::checkpointEveryMessage);
    }

    @Disabled(RACE)
    @Test
    void curlGetsEveryByteAcrossATcpCrashRestoredByCheckpointAndReplay() throws Exception {
        crashDuringCurl(TcpCrashDuringCurlTest::defaultRecovery);
    }

    private static void crashDuringCurl(final UnaryOperator<ServerSpec<?>> tcp) throws Exception {
        try (TapScenario s = TapScenario.start(b -> b.configure(HostNames.tcp(TapScenario.HOST), tcp))) {
            final Path out = s.dir.resolve("from-newt.bin");
            // Rate-limited so the crash lands mid-transfer however fast the machine.
            final Process curl = s.ns.start(s.dir.resolve("curl.log"), s.curlArgv(TapScenario.PATH, out,
                "--limit-rate", "2M"));
            final long deadline = System.nanoTime() + TapScenario.TRANSFER_LIMIT.toNanos();
            while (size(out) < CRASH_AFTER_BYTES && curl.isAlive() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000L);
            }
            assertThat(curl.isAlive()).as("curl still downloading when tcp crashes").isTrue();
            final long atCrash = size(out);
            final NewtClient fault = s.newt.runtime().client("fault");
            fault.send(HostNames.tcp(TapScenario.HOST), Crashable.CRASH);

            assertThat(curl.waitFor(TapScenario.TRANSFER_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue()).as("curl: %s", Files.readString(s.dir.resolve("curl.log"))).isZero();
            assertThat(atCrash).isLessThan(TapScenario.FILE.length);
            final byte[] got = Files.readAllBytes(out);
            assertThat(TapScenario.difference(TapScenario.FILE, got))
                .as("replies orphaned: %s; sock: %s; tcp: %s",
                    s.newt.runtime().events().ofType(ReplyOrphaned.class),
                    s.newt.stats("newt.sock", Duration.ofSeconds(5)), s.newt.stats("newt.tcp", Duration.ofSeconds(5)))
                .isEmpty();
            assertThat(TapScenario.sha256(got)).isEqualTo(TapScenario.sha256(TapScenario.FILE));
            assertThat(s.newt.runtime().events().ofType(ServerRestarted.class))
                .extracting(ServerRestarted::server).containsExactly(HostNames.tcp(TapScenario.HOST));
        }
    }

    private static long size(final Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
