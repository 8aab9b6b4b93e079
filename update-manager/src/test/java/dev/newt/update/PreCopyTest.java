package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerSwap;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.PartCodec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.update.tcp.TcpImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Pre-copy transfer of tcp (checkpointed by parts) to {@code tcp-v2}, on the simulated executor,
 * with a bulk transfer and short rpc connections changing the state during every round: the state
 * built part by part equals the whole-state transform of the same checkpoint, and an update by
 * pre-copy loses no byte and ends as a stop-and-copy update of the same run does.
 */
class PreCopyTest {
    private static final HostConfig A = HostConfig.of("a", "10.0.0.1/24", "wire.a-b");
    private static final HostConfig B = HostConfig.of("b", "10.0.0.2/24", "wire.a-b");
    private static final long BULK = 512 * 1024;
    /** tcp-v2's mapping, as its image ships it, but only as a whole-state transform: stop-and-copy. */
    private static final FieldMapping V2_MAPPING = FieldMapping.automatic()
        .rename("nextEphemeral", "nextEphemeralPort")
        .defaultValue("updatesSeen", 0L)
        .defaultValue("segmentsSinceUpdate", 0L);

    private static NewtRuntime run() {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24")
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)).bandwidth(100_000_000))
            .build();
        final NewtRuntime rt = t.install(NewtRuntime.builder().seed(43))
            .server(StreamWorkloadSpecs.bulkReceiver(B, 5001, BULK, 7))
            .server(StreamWorkloadSpecs.bulkSender(A, B.address(), 5001, BULK, 7))
            .server(StreamWorkloadSpecs.rpcServer(B, 6001))
            .server(StreamWorkloadSpecs.rpcClient(A, B.address(), 6001, 60, 100, 1000, false, 9))
            .build();
        rt.start();
        return rt;
    }

    @Test
    void stateBuiltPartByPartEqualsTheWholeStateTransformWhileTheStateChangesEveryRound() {
        try (NewtRuntime rt = run()) {
            rt.runFor(Duration.ofMillis(15));
            final ServerSpec<?> running = rt.spec("a.tcp");
            final ServerSpec<Object> v2 = TcpImages.v2(running, A);
            final StateTransform shipped = ShippedTransform.of("a.tcp", v2.stateType()).orElseThrow();
            final TransformContext ctx = new TransformContext("a.tcp", running.stateType(), v2.stateType(),
                rt.codec().mapper());
            final PreCopy p = PreCopy.of("a.tcp", running.partCodec(), v2.partCodec(), shipped, ctx).orElseThrow();
            final List<Integer> copied = new ArrayList<>();
            assertThat(p.round(snapshot(rt, "a.tcp"))).isTrue();
            copied.add(p.rounds().get(0).parts());
            for (int i = 1; i < 4; i++) {
                rt.runFor(Duration.ofMillis(3));
                assertThat(p.round(snapshot(rt, "a.tcp"))).isTrue();
                copied.add(p.rounds().get(i).parts());
            }
            assertThat(copied.get(0)).as("the first round copies every connection").isPositive();
            assertThat(copied.subList(1, 4)).as("the workload changed the state during every round").allMatch(n -> n > 0);

            rt.runFor(Duration.ofMillis(3));
            final Checkpoint last = snapshot(rt, "a.tcp");
            final Object byParts = p.finish(last);
            assertThat(p.atSafePoint().parts()).as("only what changed since the last round")
                .isPositive().isLessThan(last.parts().materialise().size());
            @SuppressWarnings("unchecked")
            final PartCodec<Object> v1 = (PartCodec<Object>) running.partCodec();
            final byte[] oldWhole = rt.codec().encode("a.tcp", v1.decode(last.state(), last.parts().materialise()));
            final Object whole = StateTransfer.transfer("a.tcp", oldWhole, running.stateType(), v2.stateType(), shipped,
                rt.codec().mapper());
            assertThat(rt.codec().encode("a.tcp", byParts)).as("per part == whole state")
                .isEqualTo(rt.codec().encode("a.tcp", whole));
        }
    }

    /** @return the server's state by parts now, taken on its worker between two messages */
    private static Checkpoint snapshot(final NewtRuntime rt, final String server) {
        final AtomicReference<Checkpoint> got = new AtomicReference<>();
        rt.swap(server, new ServerSwap.Listener() {
            @Override
            public void snapshot(final ServerSwap swap, final Checkpoint state) {
                got.set(state);
            }

            @Override
            public void held(final ServerSwap swap, final byte[] checkpoint) {
            }

            @Override
            public void started(final ServerSwap swap) {
            }

            @Override
            public void resumed(final ServerSwap swap) {
            }

            @Override
            public void failed(final ServerSwap swap, final String stage, final String reason) {
            }

            @Override
            public void rolledBack(final ServerSwap swap, final boolean switched, final int replayed,
                                   final String problem) {
            }
        }).snapshot();
        rt.runUntil(() -> got.get() != null, Duration.ofSeconds(1));
        assertThat(got.get()).as("snapshot of " + server).isNotNull();
        return got.get();
    }

    @Test
    void preCopyUnderLoadLosesNoByteAndEndsAsStopAndCopyDoes() {
        final Map<String, Object> precopied = update(true);
        final Map<String, Object> stopAndCopy = update(false);
        assertThat(precopied).isEqualTo(stopAndCopy);
    }

    /** @return the workloads' summaries (less their timings) after an update mid-run, by pre-copy or stop-and-copy */
    private static Map<String, Object> update(final boolean precopy) {
        try (NewtRuntime rt = run()) {
            rt.runFor(Duration.ofMillis(15));
            UpdatePlan plan = UpdatePlan.of("a.tcp", TcpImages.v2(rt.spec("a.tcp"), A))
                .quiesceDeadline(Duration.ofMillis(100)).probation(Duration.ofMillis(20), HealthCheck.serving());
            plan = precopy ? plan.precopyEvery(Duration.ofMillis(2))
                : plan.transform("a.tcp", (c, old) -> V2_MAPPING.transform(c, old));
            final UpdateOutcome o = UpdateManager.of(rt).update(plan);
            assertThat(o.result()).as(o.reason()).isEqualTo(UpdateOutcome.Result.COMMITTED);
            if (precopy) {
                assertThat(o.precopy()).singleElement().satisfies(r -> {
                    assertThat(r.rounds()).as("rounds while tcp served").isGreaterThanOrEqualTo(2);
                    assertThat(r.roundParts()).allMatch(n -> n > 0);
                });
                final CustomEvent finished = rt.events().ofType(CustomEvent.class).stream()
                    .filter(e -> e.kind().equals(EventKinds.UPDATE_FINISHED)).findFirst().orElseThrow();
                assertThat(finished.fields()).containsKey("precopy");
            } else {
                assertThat(o.precopy()).isEmpty();
            }
            final Map<String, Object> bulk = summary(rt, "b.app.bulk-receiver");
            assertThat(bulk.get("complete")).isEqualTo(true);
            assertThat(((Number) bulk.get("bytesReceived")).longValue()).isEqualTo(BULK);
            assertThat(((Number) bulk.get("bytesCorrupted")).longValue()).isZero();
            assertThat(((Number) bulk.get("errorCount")).longValue()).isZero();
            final Map<String, Object> rpc = summary(rt, "a.app.rpc-client");
            assertThat(((Number) rpc.get("errorCount")).longValue()).isZero();
            return Map.of("bulk", figures(bulk), "rpc", figures(rpc));
        }
    }

    private static Map<String, Object> summary(final NewtRuntime rt, final String workload) {
        rt.runUntil(() -> find(rt, workload) != null, Duration.ofSeconds(30));
        final Map<String, Object> s = find(rt, workload);
        assertThat(s).as(workload + " finished").isNotNull();
        return s;
    }

    private static Map<String, Object> find(final NewtRuntime rt, final String workload) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().equals(workload))
            .map(CustomEvent::fields).findFirst().orElse(null);
    }

    /** The byte and request counts, without timings (the two updates hold tcp at different times). */
    private static Map<String, Object> figures(final Map<String, Object> summary) {
        final Map<String, Object> f = new java.util.TreeMap<>();
        summary.forEach((k, v) -> {
            if (k.startsWith("bytes") || k.equals("complete") || k.startsWith("error") || k.startsWith("requests")) {
                f.put(k, v);
            }
        });
        return f;
    }
}
