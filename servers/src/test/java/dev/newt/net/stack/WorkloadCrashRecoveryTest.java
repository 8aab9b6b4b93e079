package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.awaitSummary;
import static dev.newt.net.stack.StackRuns.figure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.store.StateCodec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.WorkloadSpecs;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A UDP echo client crashed in the middle of its run and restored from its checkpoint (taken after
 * every message, its round-trip times kept as the checkpoint's bytes) reports every time it had
 * recorded. The restart itself takes virtual time, so the calls around it are a little slower than
 * in a run without the crash: the run's extremes and median are those of a run without it, its
 * mean and 99th percentile are not compared.
 */
class WorkloadCrashRecoveryTest {
    private static final int COUNT = 400;
    private static final String CLIENT = "a.app.echo-client";

    private static Map<String, Object> run(final RecoveryPolicy policy, final boolean crash) throws Exception {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)))
            .build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(15))
            .server(WorkloadSpecs.udpEchoServer(t.host("b"), 7))
            .server(Crashable.wrap(WorkloadSpecs.udpEchoClient(t.host("a"), t.host("b").address(), 7, COUNT,
                Duration.ofMillis(1), 64, 99)).withRecovery(policy).withCheckpoints(CheckpointPolicy.EVERY_MESSAGE))
            .build()) {
            rt.start();
            if (crash) {
                rt.runFor(Duration.ofMillis(150));
                final byte[] before = samples(rt);
                assertThat(before.length).as("times recorded before the crash, 8 bytes each").isGreaterThan(8 * 50);
                rt.client("fault").send(CLIENT, Crashable.CRASH);
                rt.runUntil(() -> !rt.events().ofType(ServerRestarted.class).isEmpty(), Duration.ofSeconds(5));
                final byte[] restored = samples(rt);
                assertThat(restored.length).as("no time lost").isGreaterThanOrEqualTo(before.length);
                assertThat(Arrays.copyOf(restored, before.length)).as("the same times, in order").isEqualTo(before);
            }
            final Map<String, Object> s = awaitSummary(rt, CLIENT, Duration.ofSeconds(10));
            assertThat(rt.events().ofType(ServerRestarted.class)).extracting(ServerRestarted::server)
                .containsExactlyElementsOf(crash ? List.of(CLIENT) : List.of());
            return s;
        }
    }

    /** @return the client's round-trip times as its state holds them now: its checkpoint's bytes */
    private static byte[] samples(final NewtRuntime rt) throws Exception {
        final JsonNode state = new StateCodec().mapper().readTree(rt.snapshotState(CLIENT));
        final JsonNode rtt = state.has("delegate") ? state.get("delegate").get("rtt") : state.get("rtt");
        assertThat(rtt).as("the client's rtt in %s", state.fieldNames()).isNotNull();
        return rtt.get("samples").binaryValue();
    }

    @Test
    void checkpointReplayReportsTheSamplesOfARunWithoutTheCrash() throws Exception {
        final Map<String, Object> crashed = run(RecoveryPolicy.CHECKPOINT_REPLAY, true);
        final Map<String, Object> clean = run(RecoveryPolicy.CHECKPOINT_REPLAY, false);
        assertThat(figure(crashed, "received")).isEqualTo(COUNT);
        assertThat(figure(crashed, "lost")).isZero();
        for (final String f : new String[] {"sent", "received", "rttMinNanos", "rttP50Nanos", "rttMaxNanos"}) {
            assertThat(figure(crashed, f)).as(f).isEqualTo(figure(clean, f));
        }
        // The restart's delay makes a few calls slower: the mean moves by microseconds at most.
        assertThat(figure(crashed, "latencyMeanNanos")).isBetween(figure(clean, "latencyMeanNanos"),
            figure(clean, "latencyMeanNanos") + 10_000);
    }

    @Test
    void checkpointKeepsEveryTimeRecordedBeforeTheCrash() throws Exception {
        final Map<String, Object> crashed = run(RecoveryPolicy.CHECKPOINT, true);
        assertThat(figure(crashed, "sent")).isEqualTo(COUNT);
        assertThat(figure(crashed, "received") + figure(crashed, "lost")).isEqualTo(COUNT);
        assertThat(figure(crashed, "received")).isGreaterThan(COUNT / 2);
    }
}
