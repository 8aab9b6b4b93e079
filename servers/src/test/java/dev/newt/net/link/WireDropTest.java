package dev.newt.net.link;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.awaitOne;
import static dev.newt.net.link.TestFrames.bytes;
import static dev.newt.net.link.TestFrames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.testing.Crashable;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a wire drops, and that it counts every drop under a name that says why. */
class WireDropTest {

    private static NewtRuntime runtime(final ServerSpec<?> spec) {
        final NewtRuntime rt = NewtRuntime.builder().seed(5).server(spec).build();
        rt.start();
        rt.runFor(Duration.ofMillis(1));
        return rt;
    }

    @Test
    void frameWithPayloadBeyondTheMtuIsDroppedAndUsesNoBandwidth() {
        final WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic")
            .latency(Duration.ofMillis(1))
            .bandwidth(10_000_000);
        try (NewtRuntime rt = runtime(LinkSpecs.wire(cfg))) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final byte[] oversize = numbered(MAC_A, MAC_B, 1, 14 + 1501);
            final byte[] atMtu = numbered(MAC_A, MAC_B, 2, 14 + 1500);
            final long t0 = rt.now();
            a.send("wire.a-b", new Frame(oversize));
            a.send("wire.a-b", new Frame(atMtu));

            final Envelope got = awaitOne(rt, b, Duration.ofMillis(10));
            assertThat(bytes(got)).isEqualTo(atMtu);
            // 1514 bytes at 10 Mbit/s: 1211.2 µs, not queued behind the dropped frame
            assertThat(got.sentAt() - t0).isEqualTo(1_000_000 + 1_211_200);
            rt.runFor(Duration.ofMillis(10));
            assertThat(b.poll()).isNull();

            final Stats s = TestFrames.stats(rt, rt.client("probe"), "wire.a-b");
            assertThat(s.get("ab.drop.oversize")).isEqualTo(1);
            assertThat(s.get("drop.oversize")).isEqualTo(1);
            assertThat(s.get("ab.frames.in")).isEqualTo(2);
            assertThat(s.get("ab.bytes.in")).isEqualTo(1515 + 1514);
            assertThat(s.get("ab.frames.out")).isEqualTo(1);
            TestFrames.assertConserved(s, "ab.");
        }
    }

    @Test
    void smallerMtuIsEnforcedInBothDirections() {
        final WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic").mtu(576);
        try (NewtRuntime rt = runtime(LinkSpecs.wire(cfg))) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 1, 14 + 577)));
            b.send("wire.a-b", new Frame(numbered(MAC_B, MAC_A, 2, 14 + 577)));
            b.send("wire.a-b", new Frame(numbered(MAC_B, MAC_A, 3, 14 + 576)));
            rt.runFor(Duration.ofMillis(1));
            assertThat(b.poll()).isNull();
            assertThat(TestFrames.headSeq(bytes(a.poll()))).isEqualTo(3);
            final Stats s = TestFrames.stats(rt, rt.client("probe"), "wire.a-b");
            assertThat(s.get("ab.drop.oversize")).isEqualTo(1);
            assertThat(s.get("ba.drop.oversize")).isEqualTo(1);
            assertThat(s.get("drop.oversize")).isEqualTo(2);
            assertThat(s.get("ba.frames.out")).isEqualTo(1);
            TestFrames.assertConserved(s, "");
        }
    }

    @Test
    void deliveryToAFullMailboxIsDroppedAsUndeliverable() {
        // Every frame duplicated: 2100 frames make 4200 deliveries, and the receiving client's
        // inbox holds 4096. A wire has no back-pressure, so the other 104 are gone.
        final WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic").duplicate(1.0);
        try (NewtRuntime rt = runtime(LinkSpecs.wire(cfg))) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            for (int seq = 0; seq < 2100; seq++) {
                assertThat(a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, seq, 60)))).isTrue();
            }
            rt.runFor(Duration.ofMillis(50));
            final Stats s = TestFrames.stats(rt, rt.client("probe"), "wire.a-b");
            assertThat(s.get("ab.duplicated")).isEqualTo(2100);
            assertThat(s.get("ab.frames.out")).isEqualTo(4096);
            assertThat(s.get("ab.drop.undeliverable")).isEqualTo(104);
            assertThat(s.get("drop.undeliverable")).isEqualTo(104);
            assertThat(s.get("ab.in_flight")).isZero();
            assertThat(TestFrames.drain(b)).hasSize(4096);
            TestFrames.assertConserved(s, "ab.");
        }
    }

    @Test
    void framesFromStrangersAndUnknownMessagesAreDroppedAndCounted() {
        try (NewtRuntime rt = runtime(LinkSpecs.wire(WireConfig.between("wire.a-b", "a.nic", "b.nic")))) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final NewtClient stranger = rt.client("c.nic");
            stranger.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 1, 60)));
            a.send("wire.a-b", "not a frame");
            a.send("wire.a-b", new Frame((byte[]) null));
            a.send("wire.a-b", new WireServer.Delivery("b.nic", new byte[60])); // only its own timers count
            rt.runFor(Duration.ofMillis(1));
            assertThat(b.poll()).isNull();
            assertThat(a.poll()).isNull();
            assertThat(stranger.poll()).isNull();
            final Stats s = TestFrames.stats(rt, rt.client("probe"), "wire.a-b");
            assertThat(s.get("drop.unknown_sender")).isEqualTo(1);
            assertThat(s.get("drop.unexpected_message")).isEqualTo(3);
            assertThat(s.get("frames.in")).isZero();
            assertThat(rt.status("wire.a-b").restarts()).as("bad input is no crash").isZero();
        }
    }

    /** A wire that crashes on command, to see what a restart does to frames in flight. */
    static final class CrashableWire implements Server<WireServer.State> {
        private final WireServer wire;

        CrashableWire(final WireConfig cfg) {
            this.wire = new WireServer(cfg);
        }

        @Override
        public WireServer.State onStart(final ServerContext ctx, final WireServer.State s, final StartReason r) {
            return wire.onStart(ctx, s, r);
        }

        @Override
        public WireServer.State handle(final ServerContext ctx, final WireServer.State s, final Envelope e) {
            if ("crash".equals(e.payload())) {
                throw new IllegalStateException("crash on command");
            }
            return wire.handle(ctx, s, e);
        }

        @Override
        public Optional<String> audit(final WireServer.State s) {
            return wire.audit(s);
        }

        @Override
        public void onStop(final ServerContext ctx, final WireServer.State s) {
            wire.onStop(ctx, s);
        }
    }

    @Test
    void framesInFlightAreLostWhenTheWireRestartsAndCountedAsSuch() {
        final WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic").latency(Duration.ofMillis(10));
        final ServerSpec<WireServer.State> spec = ServerSpec.of("wire.a-b", WireServer.State.class,
            () -> new CrashableWire(cfg), WireServer.State::new).withBackoff(Backoff.NONE);
        try (NewtRuntime rt = runtime(spec)) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            for (int seq = 0; seq < 5; seq++) {
                a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, seq, 60)));
            }
            b.send("wire.a-b", new Frame(numbered(MAC_B, MAC_A, 9, 60)));
            rt.runFor(Duration.ofMillis(1));
            rt.client("operator").send("wire.a-b", "crash");
            rt.runFor(Duration.ofMillis(20));
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(1);
            assertThat(b.poll()).as("the cable was replugged with the frames on it").isNull();
            assertThat(a.poll()).isNull();

            // the restarted wire carries frames again, and knows what it lost
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 5, 60)));
            assertThat(TestFrames.headSeq(bytes(awaitOne(rt, b, Duration.ofMillis(20))))).isEqualTo(5);
            final Stats s = TestFrames.stats(rt, rt.client("probe"), "wire.a-b");
            assertThat(s.get("ab.lost.restart")).isEqualTo(5);
            assertThat(s.get("ba.lost.restart")).isEqualTo(1);
            assertThat(s.get("lost.restart")).isEqualTo(6);
            assertThat(s.get("ab.frames.in")).isEqualTo(6);
            assertThat(s.get("ab.frames.out")).isEqualTo(1);
            assertThat(s.get("in_flight")).isZero();
            TestFrames.assertConserved(s, "ab.");
            TestFrames.assertConserved(s, "ba.");
        }
    }
}
