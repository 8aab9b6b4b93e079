package dev.newt.net.link;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.awaitOne;
import static dev.newt.net.link.TestFrames.bytes;
import static dev.newt.net.link.TestFrames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Latency, bandwidth and queueing are exact in virtual time.
 *
 * <p>Why exact and not "within a few µs": the wire starts a frame at the envelope's
 * {@code sentAt} (the sender's clock when it sent), not when the wire got round to it, and
 * delivers on a timer at the computed instant; the simulated executor jumps straight to that
 * timer when nothing else is runnable, and the wire handles it at once, so the delivery's
 * {@code sentAt} is the computed instant to the nanosecond. Only {@code rt.now()} right after
 * is later, by exactly the 1 µs step the wire's handling of the delivery timer costs.
 */
class WireTimingTest {
    private static final long STEP = 1_000; // virtual ns per handled message (the default step cost)
    private static final long MS = 1_000_000;
    private static final long US = 1_000;

    private static WireConfig tenMegabitOneMillisecond() {
        return WireConfig.between("wire.a-b", "a.nic", "b.nic")
            .latency(Duration.ofMillis(1))
            .bandwidth(10_000_000);
    }

    private static NewtRuntime runtime(final WireConfig cfg) {
        final NewtRuntime rt = NewtRuntime.builder().seed(3).server(LinkSpecs.wire(cfg)).build();
        rt.start();
        rt.runFor(Duration.ofMillis(1)); // let the wire start
        return rt;
    }

    @Test
    void thousandByteFrameAtTenMegabitArrivesAfterLatencyPlusSerialization() {
        try (NewtRuntime rt = runtime(tenMegabitOneMillisecond())) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final byte[] frame = numbered(MAC_A, MAC_B, 1, 1000);
            final long t0 = rt.now();
            assertThat(a.send("wire.a-b", new Frame(frame))).isTrue();

            final Envelope got = awaitOne(rt, b, Duration.ofMillis(10));

            // 1000 bytes * 8 / 10 Mbit/s = 800 µs of serialization, then 1 ms of propagation
            assertThat(got.sentAt() - t0).isEqualTo(1 * MS + 800 * US);
            assertThat(rt.now() - t0).isEqualTo(1 * MS + 800 * US + STEP);
            assertThat(got.from()).isEqualTo("wire.a-b");
            assertThat(got.kind()).isEqualTo(Envelope.Kind.MESSAGE);
            assertThat(bytes(got)).isEqualTo(frame);
            assertThat(a.poll()).as("nothing echoes back to the sender").isNull();
        }
    }

    @Test
    void backToBackFramesQueueBehindEachOtherAndEachDirectionHasItsOwnQueue() {
        try (NewtRuntime rt = runtime(tenMegabitOneMillisecond())) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final long t0 = rt.now();
            for (int seq = 0; seq < 3; seq++) {
                a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, seq, 1000)));
            }
            // the other direction is not queued behind a's frames: 500 bytes, 400 µs, + 1 ms
            b.send("wire.a-b", new Frame(numbered(MAC_B, MAC_A, 9, 500)));

            final Envelope back = awaitOne(rt, a, Duration.ofMillis(10));
            assertThat(back.sentAt() - t0).isEqualTo(1 * MS + 400 * US);
            assertThat(TestFrames.headSeq(bytes(back))).isEqualTo(9);
            for (int seq = 0; seq < 3; seq++) {
                final Envelope got = awaitOne(rt, b, Duration.ofMillis(10));
                assertThat(TestFrames.headSeq(bytes(got))).isEqualTo(seq);
                // the k-th frame waits for the k-1 before it to be serialized
                assertThat(got.sentAt() - t0).as("frame %d", seq).isEqualTo(1 * MS + (seq + 1) * 800 * US);
            }

            // Once the queue has drained, a frame starts when it is sent.
            rt.runFor(Duration.ofMillis(5));
            final long t1 = rt.now();
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 3, 1000)));
            assertThat(awaitOne(rt, b, Duration.ofMillis(10)).sentAt() - t1).isEqualTo(1 * MS + 800 * US);

            final Stats s = TestFrames.stats(rt, rt.client("probe"), "wire.a-b");
            assertThat(s.get("ab.frames.in")).isEqualTo(4);
            assertThat(s.get("ab.frames.out")).isEqualTo(4);
            assertThat(s.get("ab.bytes.out")).isEqualTo(4000);
            assertThat(s.get("ba.frames.out")).isEqualTo(1);
            assertThat(s.get("ba.bytes.in")).isEqualTo(500);
            assertThat(s.get("frames.out")).isEqualTo(5);
            assertThat(s.get("in_flight")).isZero();
        }
    }

    @Test
    void perfectWireDeliversOnItsNextStep() {
        try (NewtRuntime rt = runtime(WireConfig.between("wire.a-b", "a.nic", "b.nic"))) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final long t0 = rt.now();
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 1, 64)));
            // no latency, unlimited bandwidth: a zero-delay timer, due once the wire's step is over
            assertThat(awaitOne(rt, b, Duration.ofMillis(1)).sentAt() - t0).isEqualTo(STEP);
        }
    }

    @Test
    void frameWhoseArrivalTimeHasPassedIsDeliveredAtOnce() {
        // 1 byte per ns and 500 ns of latency: two 100-byte frames sent together are due at
        // t0+600 ns and t0+700 ns, both inside the wire's own 1 µs steps. Step by step:
        //   t0      wire takes frame 0 (serialized t0..t0+100), sets its timer for t0+600
        //   t0+1µs  the timer (due at t0+600, fired at the end of the step) goes first: delivered
        //   t0+2µs  wire takes frame 1 (serialized t0+100..t0+200, due at t0+700, already past):
        //           a zero-delay timer
        //   t0+3µs  frame 1 delivered
        // So a delivery is never early, is late only by the wire's own steps, and keeps its order.
        final WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic")
            .latency(Duration.ofNanos(500))
            .bandwidth(8_000_000_000L);
        try (NewtRuntime rt = runtime(cfg)) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final long t0 = rt.now();
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 0, 100)));
            a.send("wire.a-b", new Frame(numbered(MAC_A, MAC_B, 1, 100)));
            rt.runFor(Duration.ofMillis(1));
            final Envelope first = b.poll();
            final Envelope second = b.poll();
            assertThat(TestFrames.headSeq(bytes(first))).isZero();
            assertThat(TestFrames.headSeq(bytes(second))).isEqualTo(1);
            assertThat(first.sentAt() - t0).isEqualTo(STEP);
            assertThat(second.sentAt() - t0).isEqualTo(3 * STEP);
            assertThat(b.poll()).isNull();
        }
    }
}
