package dev.newt.net.link;

import static dev.newt.net.link.TestFrames.MAC_A;
import static dev.newt.net.link.TestFrames.MAC_B;
import static dev.newt.net.link.TestFrames.bitsDiffering;
import static dev.newt.net.link.TestFrames.bytes;
import static dev.newt.net.link.TestFrames.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Loss, duplication, corruption and reordering: the wire's counters account exactly for what the
 * receiver sees, the rates are plausible, and the same seed gives the same run.
 *
 * <p>The receiver tells every frame apart without trusting its bytes: each frame carries its
 * sequence number at both ends of its payload, so one flipped bit leaves one copy intact, and the
 * candidate whose expected frame is at most one bit away is the frame. It tells a reordered frame
 * by its arrival time: frame {@code i} of 1000 bytes at 10 Mbit/s is due at
 * {@code t0 + (i+1) * 800 µs + 1 ms} (a lost frame still used the wire), and a reordered one
 * exactly 5 ms later. Deliveries can lag their due time only by the wire's own 1 µs steps (a
 * duplicate is handled a step after its original), hence the 10 µs of slack.
 */
class WireImpairmentTest {
    private static final int FRAMES = 2000;
    private static final int LENGTH = 1000;
    private static final long SLOT = 800_000;          // ns to serialize 1000 bytes at 10 Mbit/s
    private static final long LATENCY = 1_000_000;
    private static final long REORDER_DELAY = 5_000_000;
    private static final long SLACK = 10_000;
    private static final long SEED = 20_240_601;

    private static final WireConfig LOSSY = WireConfig.between("wire.a-b", "a.nic", "b.nic")
        .latency(Duration.ofNanos(LATENCY))
        .bandwidth(10_000_000)
        .loss(0.10)
        .duplicate(0.05)
        .corrupt(0.05)
        .reorder(0.05, Duration.ofNanos(REORDER_DELAY));

    /** One frame as the receiver got it. */
    record Arrival(int seq, boolean corrupted, boolean reordered, long at, int bytesHash) {
    }

    /** What a run gave: the arrivals in order and the wire's counters. */
    record Outcome(List<Arrival> arrivals, Stats stats) {
    }

    private static Outcome run(final long seed) {
        try (NewtRuntime rt = NewtRuntime.builder().seed(seed).server(LinkSpecs.wire(LOSSY)).build()) {
            rt.start();
            rt.runFor(Duration.ofMillis(1));
            final NewtClient a = rt.client("a.nic");
            final NewtClient b = rt.client("b.nic");
            final byte[][] sent = new byte[FRAMES][];
            final long t0 = rt.now();
            for (int seq = 0; seq < FRAMES; seq++) {
                sent[seq] = numbered(MAC_A, MAC_B, seq, LENGTH);
                assertThat(a.send("wire.a-b", new Frame(sent[seq]))).isTrue();
            }
            rt.runFor(Duration.ofSeconds(2)); // 2000 slots of 800 µs, + latency and reordering

            final List<Arrival> arrivals = new ArrayList<>();
            for (Envelope e : TestFrames.drain(b)) {
                final byte[] got = bytes(e);
                final int seq = identify(got, sent);
                final long late = e.sentAt() - (t0 + (seq + 1) * SLOT + LATENCY);
                final boolean reordered;
                if (late >= 0 && late <= SLACK) {
                    reordered = false;
                } else if (late >= REORDER_DELAY && late <= REORDER_DELAY + SLACK) {
                    reordered = true;
                } else {
                    throw new AssertionError("frame " + seq + " arrived " + late + " ns after its due time");
                }
                arrivals.add(new Arrival(seq, bitsDiffering(got, sent[seq]) == 1, reordered, e.sentAt(),
                    Arrays.hashCode(got)));
            }
            return new Outcome(arrivals, TestFrames.stats(rt, rt.client("probe"), "wire.a-b"));
        }
    }

    /** @return the frame that {@code got} is, at most one bit off */
    private static int identify(final byte[] got, final byte[][] sent) {
        for (int candidate : new int[] {TestFrames.headSeq(got), TestFrames.tailSeq(got)}) {
            if (candidate >= 0 && candidate < sent.length && bitsDiffering(got, sent[candidate]) <= 1) {
                return candidate;
            }
        }
        throw new AssertionError("received a frame that is none of those sent, even one bit off");
    }

    @Test
    void countersAccountExactlyForWhatTheReceiverSees() {
        final Outcome o = run(SEED);
        final Map<Integer, List<Arrival>> bySeq = new HashMap<>();
        o.arrivals().forEach(r -> bySeq.computeIfAbsent(r.seq(), k -> new ArrayList<>()).add(r));
        final int distinct = bySeq.size();
        final long missing = FRAMES - distinct;
        final long extraCopies = o.arrivals().size() - distinct;
        final long corrupted = bySeq.values().stream().filter(c -> c.get(0).corrupted()).count();
        final long reordered = bySeq.values().stream().filter(c -> c.get(0).reordered()).count();

        // a duplicate is its original's twin: same bytes (corrupted alike), same lateness
        bySeq.values().forEach(copies -> {
            assertThat(copies).hasSizeBetween(1, 2);
            assertThat(copies).extracting(Arrival::bytesHash, Arrival::reordered, Arrival::corrupted)
                .containsOnly(tuple(copies.get(0).bytesHash(),
                    copies.get(0).reordered(), copies.get(0).corrupted()));
        });

        final Stats s = o.stats();
        assertThat(s.get("ab.frames.in")).isEqualTo(FRAMES);
        assertThat(s.get("ab.bytes.in")).isEqualTo((long) FRAMES * LENGTH);
        assertThat(s.get("ab.lost")).isEqualTo(missing);
        assertThat(s.get("ab.duplicated")).isEqualTo(extraCopies);
        assertThat(s.get("ab.corrupted")).isEqualTo(corrupted);
        assertThat(s.get("ab.reordered")).isEqualTo(reordered);
        assertThat(s.get("ab.frames.out")).isEqualTo(o.arrivals().size());
        assertThat(s.get("ab.bytes.out")).isEqualTo((long) o.arrivals().size() * LENGTH);
        assertThat(s.get("ab.in_flight")).isZero();
        assertThat(s.get("ab.drop.undeliverable")).isZero();
        assertThat(s.get("ab.drop.oversize")).isZero();
        assertThat(s.get("ba.frames.in")).isZero();
        // totals are the sum over both directions, here just a->b
        assertThat(s.get("lost")).isEqualTo(missing);
        assertThat(s.get("frames.out")).isEqualTo(o.arrivals().size());
        TestFrames.assertConserved(s, "ab.");
        TestFrames.assertConserved(s, "");

        // the rates are plausible: 10% lost, then 5% of the rest each duplicated, corrupted, reordered
        assertThat(missing).isBetween(FRAMES * 7L / 100, FRAMES * 13L / 100);
        assertThat(extraCopies).isBetween(distinct * 3L / 100, distinct * 7L / 100);
        assertThat(corrupted).isBetween(distinct * 3L / 100, distinct * 7L / 100);
        assertThat(reordered).isBetween(distinct * 3L / 100, distinct * 7L / 100);

        // only reordered frames ever arrive after a later one, and reordering does overtake
        final Set<Integer> overtaken = new TreeSet<>();
        int highest = -1;
        for (Arrival r : o.arrivals()) {
            if (r.seq() < highest) {
                overtaken.add(r.seq());
            }
            highest = Math.max(highest, r.seq());
        }
        final Set<Integer> reorderedSeqs = new TreeSet<>();
        bySeq.forEach((seq, c) -> {
            if (c.get(0).reordered()) {
                reorderedSeqs.add(seq);
            }
        });
        assertThat(overtaken).isNotEmpty();
        assertThat(reorderedSeqs).containsAll(overtaken);
    }

    @Test
    void sameSeedGivesTheSameImpairmentsAndTheSameReceivedSequence() {
        final Outcome first = run(SEED);
        final Outcome second = run(SEED);
        assertThat(second.arrivals()).isEqualTo(first.arrivals());
        assertThat(second.stats()).isEqualTo(first.stats());
    }

    @Test
    void otherSeedGivesOtherImpairments() {
        final Outcome first = run(SEED);
        final Outcome other = run(SEED + 1);
        assertThat(other.arrivals()).isNotEqualTo(first.arrivals());
        assertThat(other.arrivals().stream().map(Arrival::seq).toList())
            .isNotEqualTo(first.arrivals().stream().map(Arrival::seq).toList());
    }
}
