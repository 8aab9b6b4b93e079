package dev.newt.net.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.Stats;
import dev.newt.net.pf.PfAction;
import dev.newt.net.pf.PfRules;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The result the harness exists to show: host a's packet filter denies everything inbound but the
 * flows a itself opened. A stream from b to a runs on such a flow. Crash a's pf in the middle: with
 * the checkpoint policy the flow table survives and the stream goes on; with fresh it is lost and
 * the rest of the stream is blocked.
 */
class PfRecoveryAcrossHostsTest {
    private static final int STREAM = 400;

    private static long[] run(final RecoveryPolicy policy) throws Exception {
        final Topology t = Topology.builder()
            .host("a", "10.0.0.1/24", Ipv4Address.ANY, PfRules.parse(PfAction.DENY, "allow out udp"))
            .host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)))
            .configure("a.pf", s -> Crashable.wrap(s).withRecovery(policy))
            .build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(31))
            .server(ServerSpec.of("b.app.stream", StreamApps.Streamer.State.class,
                () -> new StreamApps.Streamer("b.sock", 9000, STREAM), StreamApps.Streamer.State::new))
            .server(ServerSpec.of("a.app.sub", StreamApps.Subscriber.State.class,
                () -> new StreamApps.Subscriber("a.sock", t.host("b").address(), 9000),
                StreamApps.Subscriber.State::new))
            .build()) {
            rt.start();
            rt.runFor(Duration.ofMillis(200));
            final long before = rt.checkpointedState("a.app.sub", StreamApps.Subscriber.State.class).received;
            final NewtClient c = rt.client("test");
            c.send("a.pf", Crashable.CRASH);
            rt.runFor(Duration.ofMillis(400));
            assertThat(rt.events().ofType(ServerRestarted.class)).singleElement()
                .satisfies(r -> assertThat(r.server()).isEqualTo("a.pf"));
            final long after = rt.checkpointedState("a.app.sub", StreamApps.Subscriber.State.class).received;
            final Stats pf = StackRuns.stats(rt, c, "a.pf");
            return new long[] {before, after, pf.get("blocked.in")};
        }
    }

    @Test
    void checkpointedFilterKeepsTheEstablishedStreamFlowingAfterACrash() throws Exception {
        final long[] r = run(RecoveryPolicy.CHECKPOINT);
        assertThat(r[0]).isBetween(150L, 200L);
        assertThat(r[1]).isEqualTo(STREAM);
        assertThat(r[2]).isZero();
    }

    @Test
    void freshFilterForgetsTheFlowAndBlocksTheRestOfTheStream() throws Exception {
        final long[] r = run(RecoveryPolicy.FRESH);
        assertThat(r[0]).isBetween(150L, 200L);
        // Nothing more gets in: every later datagram of the stream is blocked and counted.
        assertThat(r[1]).isEqualTo(r[0]);
        assertThat(r[2]).isEqualTo(STREAM - r[0]);
    }
}
