package dev.newt.net.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Newt's tcp crashes in the middle of a Linux curl download and is restored (from a checkpoint of
 * every message, or by tcp's default checkpoint and replay); curl, which knows nothing of it, must
 * get every byte: the restored tcp has every byte it had acknowledged and not yet had
 * acknowledged, and retransmission repairs what died with it.
 *
 * <p>These tests found a race in the runtime: a reply tcp sent just before crashing was dropped as
 * orphaned and the request resubmitted, so 64 KiB reached curl twice. A request is now marked
 * answered when its reply is sent ({@code PendingTable.markAnswered}).
 */
class TcpCrashDuringCurlTest {
    private static final long CRASH_AFTER_BYTES = 1 << 20;

    /** tcp restored from a checkpoint taken after every message. */
    private static <S> ServerSpec<S> checkpointEveryMessage(final ServerSpec<S> spec) {
        return Crashable.wrap(spec).withRecovery(RecoveryPolicy.CHECKPOINT)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE);
    }

    /** tcp with its default recovery: the last checkpoint, then the messages since replayed. */
    private static <S> ServerSpec<S> defaultRecovery(final ServerSpec<S> spec) {
        return Crashable.wrap(spec);
    }

    @Test
    void curlGetsEveryByteAcrossATcpCrashRestoredFromACheckpointOfEveryMessage() throws Exception {
        crashDuringCurl(TcpCrashDuringCurlTest::checkpointEveryMessage);
    }

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
            assertThat(curl.isAlive()).as("curl still downloading when tcp crashes; it has %d bytes; curl: %s",
                size(out), curl.isAlive() ? "" : Files.readString(s.dir.resolve("curl.log"))).isTrue();
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
