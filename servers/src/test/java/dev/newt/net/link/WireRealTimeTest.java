package dev.newt.net.link;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.bytes;
import static dev.newt.net.link.TestFrames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.testing.Await;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire in real time (threaded executor), where a frame that is due at once and has nothing in
 * flight ahead of it goes on without a timer: order, counts and capture-free delivery are as
 * with the timer, and frames that do wait (duplicates, latency) keep later frames behind them.
 */
class WireRealTimeTest {
    private static final int FRAMES = 500;
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static NewtRuntime runtime(final WireConfig cfg) {
        final NewtRuntime rt = NewtRuntime.builder().seed(5).threaded("park").server(LinkSpecs.wire(cfg, true)).build();
        rt.start();
        return rt;
    }

    private static List<Integer> receive(final NewtClient b, final int n) throws InterruptedException {
        final List<Integer> seqs = new ArrayList<>();
        while (seqs.size() < n) {
            final Envelope e = b.poll(LIMIT);
            assertThat(e).as("frame %d of %d within %s", seqs.size() + 1, n, LIMIT).isNotNull();
            assertThat(e.from()).isEqualTo("wire.a-b");
            seqs.add(TestFrames.headSeq(bytes(e)));
        }
        return seqs;
    }

    private static Stats stats(final NewtClient probe) {
        final Envelope reply = Await.result(probe.request("wire.a-b", new StatsQuery()));
        return reply.payload(Stats.class);
    }

    @Test
    void aPerfectWireDeliversEveryFrameInOrderAndCountsIt() throws InterruptedException {
        try (NewtRuntime rt = runtime(WireConfig.between("wire.a-b", "a.nic", "b.nic"))) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            for (int seq = 0; seq < FRAMES; seq++) {
                // The wire's mailbox may be full for a moment: offer again, the order is kept.
                final Frame f = new Frame(numbered(MAC_A, MAC_B, seq, 200));
                while (!a.send("wire.a-b", f)) {
                    Thread.onSpinWait();
                }
            }
            final List<Integer> seqs = receive(b, FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                assertThat(seqs.get(i)).as("frame %d", i).isEqualTo(i);
            }
            final Stats s = stats(rt.client("probe"));
            assertThat(s.get("ab.frames.in")).isEqualTo(FRAMES);
            assertThat(s.get("ab.frames.out")).isEqualTo(FRAMES);
            assertThat(s.get("ab.bytes.out")).isEqualTo(FRAMES * 200L);
            assertThat(s.get("in_flight")).isZero();
            assertThat(b.poll()).as("nothing more").isNull();
        }
    }

    @Test
    void duplicatesStillArriveEachFrameTwiceAndNothingIsLeftInFlight() throws InterruptedException {
        try (NewtRuntime rt = runtime(WireConfig.between("wire.a-b", "a.nic", "b.nic").duplicate(0.3))) {
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final int frames = 200;
            for (int seq = 0; seq < frames; seq++) {
                final Frame f = new Frame(numbered(MAC_A, MAC_B, seq, 100));
                while (!a.send("wire.a-b", f)) {
                    Thread.onSpinWait();
                }
            }
            final long duplicated = awaitSettled(rt, frames);
            assertThat(duplicated).as("some duplicated at p = 0.3").isPositive();
            final List<Integer> seqs = receive(b, frames + (int) duplicated);
            final int[] seen = new int[frames];
            seqs.forEach(q -> seen[q]++);
            for (int q = 0; q < frames; q++) {
                assertThat(seen[q]).as("frame %d", q).isBetween(1, 2);
            }
        }
    }

    /** @return the wire's duplicate count once every frame is in and none is in flight */
    private static long awaitSettled(final NewtRuntime rt, final int frames) {
        final long deadline = System.nanoTime() + LIMIT.toNanos();
        final NewtClient probe = rt.client("probe");
        Stats s = stats(probe);
        while (s.get("ab.frames.in") < frames || s.get("in_flight") != 0) {
            assertThat(System.nanoTime()).as("wire settled within %s: %s", LIMIT, s).isLessThan(deadline);
            s = stats(probe);
        }
        assertThat(s.get("ab.frames.out")).isEqualTo(frames + s.get("ab.duplicated"));
        return s.get("ab.duplicated");
    }
}
