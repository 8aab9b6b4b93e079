package dev.newt.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.testing.Await;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract every mailbox keeps; one small subclass per implementation. */
abstract class MailboxContractTest {

    /** @param capacity asked for @return a new mailbox */
    abstract Mailbox create(int capacity);

    static Envelope msg(final long n) {
        return new Envelope(Kind.MESSAGE, "p", 1, "c", 0, n, 0);
    }

    @Test
    void emptyMailboxPollsNull() {
        final Mailbox m = create(8);
        assertThat(m.poll()).isNull();
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.size()).isZero();
    }

    @Test
    void deliversInFifoOrder() {
        final Mailbox m = create(8);
        for (int i = 0; i < 5; i++) {
            assertThat(m.offer(msg(i))).isTrue();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(m.poll().payload()).isEqualTo((long) i);
        }
        assertThat(m.poll()).isNull();
    }

    @Test
    void fullMailboxRefusesWithoutDroppingWhatItHolds() {
        final Mailbox m = create(8);
        final int cap = m.capacity();
        assertThat(cap).isGreaterThanOrEqualTo(8);
        for (int i = 0; i < cap; i++) {
            assertThat(m.offer(msg(i))).as("offer %d of %d", i, cap).isTrue();
        }
        assertThat(m.offer(msg(cap))).isFalse();
        assertThat(m.size()).isEqualTo(cap);
        for (int i = 0; i < cap; i++) {
            assertThat(m.poll().payload()).isEqualTo((long) i);
        }
        assertThat(m.offer(msg(99))).isTrue();
    }

    @Test
    void drainRespectsItsLimit() {
        final Mailbox m = create(16);
        for (int i = 0; i < 10; i++) {
            m.offer(msg(i));
        }
        final List<Object> got = new ArrayList<>();
        assertThat(m.drain(e -> got.add(e.payload()), 4)).isEqualTo(4);
        assertThat(got).containsExactly(0L, 1L, 2L, 3L);
        assertThat(m.size()).isEqualTo(6);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> create(8).offer(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void concurrentProducersLoseNothingAndDuplicateNothing() throws Exception {
        final Mailbox m = create(64);
        final int producers = 3;
        final int each = 20_000;
        final CountDownLatch done = new CountDownLatch(producers);
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final long base = (long) p * each;
            final Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    while (!m.offer(msg(base + i))) {
                        // yield, not spin: four busy threads on two loaded cores starved each other
                        Thread.yield();
                    }
                }
                done.countDown();
            });
            threads.add(t);
            t.start();
        }
        final Set<Long> seen = new HashSet<>();
        final long[] lastPerProducer = {-1, -1, -1};
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < producers * each && System.nanoTime() < deadline) {
            final Envelope e = m.poll();
            if (e == null) {
                Thread.yield();
                continue;
            }
            final long v = (Long) e.payload();
            assertThat(seen.add(v)).as("duplicate %d", v).isTrue();
            final int p = (int) (v / each);
            assertThat(v).as("per-producer order").isGreaterThan(lastPerProducer[p]);
            lastPerProducer[p] = v;
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        for (Thread t : threads) {
            Await.ended(t);
        }
        assertThat(seen).hasSize(producers * each);
    }
}
