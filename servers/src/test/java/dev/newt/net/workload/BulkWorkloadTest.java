package dev.newt.net.workload;

import static dev.newt.net.workload.StreamRuns.HOST;
import static dev.newt.net.workload.StreamRuns.figure;
import static dev.newt.net.workload.StreamRuns.metrics;
import static dev.newt.net.workload.StreamRuns.runUntilDone;
import static dev.newt.net.workload.StreamRuns.stats;
import static dev.newt.net.workload.StreamRuns.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.net.msg.Stats;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bulk workload end to end on the simulated executor, through the real sock and the in-memory
 * loopback tcp of host {@code a}: every byte checked, and what tcp and sock crashes do to it.
 */
class BulkWorkloadTest {
    private static final int MB = 1 << 20;
    private static final String SENDER = "a.app.bulk-sender";
    private static final String RECEIVER = "a.app.bulk-receiver";

    private static NewtRuntime bulk(final long seed, final RecoveryPolicy tcp, final long bytes) {
        return StreamRuns.start(seed, tcp, StreamWorkloadSpecs.bulkReceiver(HOST, 5001, bytes, 42),
            StreamWorkloadSpecs.bulkSender(HOST, HOST.address(), 5001, bytes, 42));
    }

    private static long receivedSoFar(final NewtRuntime rt) {
        try {
            return rt.checkpointedState(RECEIVER, BulkReceiver.State.class).received;
        } catch (IllegalStateException noCheckpointYet) {
            return 0;
        }
    }

    private static void assertIntactAndComplete(final Map<String, Object> r, final long bytes) {
        assertThat(figure(r, "bytesExpected")).isEqualTo(bytes);
        assertThat(figure(r, "bytesReceived")).isEqualTo(bytes);
        assertThat(figure(r, "bytesCorrupted")).isZero();
        assertThat(figure(r, "firstBadOffset")).isEqualTo(-1);
        assertThat(r.get("eof")).isEqualTo(true);
        assertThat(r.get("complete")).isEqualTo(true);
        assertThat(figure(r, "errorCount")).isZero();
    }

    @Test
    void oneMegabyteArrivesIntactAndCompleteWithThroughputPerBin() {
        try (NewtRuntime rt = bulk(1, RecoveryPolicy.CHECKPOINT, MB)) {
            runUntilDone(rt, Duration.ofSeconds(30), SENDER, RECEIVER);
            final Map<String, Object> r = summary(rt, RECEIVER);
            assertIntactAndComplete(r, MB);
            assertThat(figure(r, "throughputBytesPerSecond")).isPositive();
            final Map<String, Object> s = summary(rt, SENDER);
            assertThat(figure(s, "bytesSent")).isEqualTo(MB);
            assertThat(s.get("complete")).isEqualTo(true);
            assertThat(figure(s, "errorCount")).isZero();
            assertThat(metrics(rt, RECEIVER).stream().mapToLong(m -> figure(m, "bytes")).sum())
                .as("the bins add up to the stream").isEqualTo(MB);
            final Stats sock = stats(rt, "a.sock");
            assertThat(sock.get("stream.bytes.out")).isEqualTo(MB);
            assertThat(sock.get("stream.bytes.in")).isEqualTo(MB);
            assertThat(sock.get("stream.eof")).isPositive();
            rt.runFor(Duration.ofMillis(10));
            assertThat(stats(rt, "a.sock").get("connections")).as("both ends closed").isZero();
            assertThat(stats(rt, "a.sock").get("listeners")).isZero();
        }
    }

    @Test
    void theSameSeedGivesTheSameRunToTheNanosecond() {
        Map<String, Object> first = null;
        for (int run = 0; run < 2; run++) {
            try (NewtRuntime rt = bulk(9, RecoveryPolicy.CHECKPOINT, 256 * 1024)) {
                runUntilDone(rt, Duration.ofSeconds(30), SENDER, RECEIVER);
                final Map<String, Object> r = summary(rt, RECEIVER);
                if (first == null) {
                    first = r;
                } else {
                    assertThat(r).isEqualTo(first);
                }
            }
        }
    }

    @Test
    void tcpCrashesRestoredFromCheckpointsLoseNoByteAndDuplicateNone() {
        try (NewtRuntime rt = bulk(2, RecoveryPolicy.CHECKPOINT, MB)) {
            for (long at : new long[] {200_000, 500_000, 800_000}) {
                rt.runUntil(() -> receivedSoFar(rt) >= at, Duration.ofSeconds(10));
                assertThat(receivedSoFar(rt)).isLessThan(MB);
                StreamRuns.crash(rt, "a.tcp");
            }
            runUntilDone(rt, Duration.ofSeconds(30), SENDER, RECEIVER);
            assertIntactAndComplete(summary(rt, RECEIVER), MB);
            assertThat(summary(rt, SENDER).get("complete")).isEqualTo(true);
            assertThat(StreamRuns.restarts(rt, "a.tcp")).isEqualTo(3);
            final Stats sock = stats(rt, "a.sock");
            assertThat(sock.get("tcp.restarts")).as("crashes while tcp held a request of sock").isBetween(1L, 3L);
            assertThat(sock.get("tcp.resubmitted")).as("held requests went to the new tcp").isPositive();
        }
    }

    @Test
    void sockCrashesRestoredFromCheckpointsLoseNoByteAndDuplicateNone() {
        try (NewtRuntime rt = bulk(3, RecoveryPolicy.CHECKPOINT, MB)) {
            for (long at : new long[] {300_000, 700_000}) {
                rt.runUntil(() -> receivedSoFar(rt) >= at, Duration.ofSeconds(10));
                StreamRuns.crash(rt, "a.sock");
            }
            runUntilDone(rt, Duration.ofSeconds(30), SENDER, RECEIVER);
            assertIntactAndComplete(summary(rt, RECEIVER), MB);
            assertThat(StreamRuns.restarts(rt, "a.sock")).isEqualTo(2);
        }
    }

    @Test
    void freshTcpAfterACrashEndsTheRunWithErrorsOnBothSidesInsteadOfAHang() {
        try (NewtRuntime rt = bulk(4, RecoveryPolicy.FRESH, MB)) {
            rt.runUntil(() -> receivedSoFar(rt) >= 300_000, Duration.ofSeconds(10));
            final long crashedAt = rt.now();
            StreamRuns.crash(rt, "a.tcp");
            runUntilDone(rt, Duration.ofSeconds(5), SENDER, RECEIVER);
            assertThat(rt.now() - crashedAt).as("well before the 60 s deadline")
                .isLessThan(Duration.ofSeconds(1).toNanos());
            final Map<String, Object> r = summary(rt, RECEIVER);
            assertThat(r.get("complete")).isEqualTo(false);
            assertThat(figure(r, "bytesCorrupted")).as("what did arrive was right").isZero();
            assertThat(figure(r, "bytesReceived")).isBetween(300_000L, (long) MB - 1);
            assertThat(figure(r, "errorCount")).isPositive();
            assertThat(figure(summary(rt, SENDER), "errorCount")).isPositive();
            assertThat(summary(rt, SENDER).get("complete")).isEqualTo(false);
        }
    }
}
