package dev.newt.net.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ring's contract: empty and full, wrap-around, copy before release, the idle mark, and SPSC. */
class ByteRingTest {
    private static byte[] bytes(final int n, final int from) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void anEmptyRingReadsNothingAndAFullOneTakesNothing() {
        final ByteRing r = new ByteRing(16);
        assertThat(r.read(new byte[4], 0, 4)).isZero();
        assertThat(r.readable()).isZero();
        assertThat(r.writable()).isEqualTo(16);
        assertThat(r.write(bytes(20, 0), 0, 20)).as("only what fits").isEqualTo(16);
        assertThat(r.writable()).isZero();
        assertThat(r.write(bytes(1, 0), 0, 1)).isZero();
        final byte[] out = new byte[16];
        assertThat(r.read(out, 0, 16)).isEqualTo(16);
        assertThat(out).isEqualTo(bytes(16, 0));
        assertThat(r.head()).isEqualTo(16);
        assertThat(r.tail()).isEqualTo(16);
    }

    @Test
    void bytesWrapAroundTheEndOfTheArrayInOrder() {
        final ByteRing r = new ByteRing(16);
        r.write(bytes(10, 0), 0, 10);
        r.read(new byte[10], 0, 10);
        assertThat(r.write(bytes(12, 10), 0, 12)).isEqualTo(12);
        final byte[] out = new byte[12];
        assertThat(r.read(out, 0, 12)).isEqualTo(12);
        assertThat(out).isEqualTo(bytes(12, 10));
        assertThat(r.tail()).as("positions are stream offsets, not indexes").isEqualTo(22);
    }

    @Test
    void theConsumerCopiesWithoutReleasingAndReleasesLaterOnceAndForAll() {
        final ByteRing r = new ByteRing(16);
        r.write(bytes(16, 0), 0, 16);
        final byte[] out = new byte[6];
        assertThat(r.copy(4, out, 0, 6)).isEqualTo(6);
        assertThat(out).isEqualTo(bytes(6, 4));
        assertThat(r.writable()).as("copying frees nothing").isZero();
        r.release(10);
        assertThat(r.writable()).isEqualTo(10);
        r.release(3);
        assertThat(r.head()).as("releasing behind the head changes nothing").isEqualTo(10);
        assertThatThrownBy(() -> r.copy(2, out, 0, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("position 2 is outside the ring's [10, 16]");
        assertThatThrownBy(() -> r.release(17)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("cannot release up to 17: the ring's tail is 16");
        assertThatThrownBy(() -> new ByteRing(24)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ring capacity must be a power of two >= 16, was 24");
    }

    @Test
    void theIdleMarkIsClaimedOnceByWhicheverSideComesFirst() {
        final ByteRing r = new ByteRing(16);
        assertThat(r.claimIdle()).as("nobody said it waits").isFalse();
        r.markIdle();
        assertThat(r.idle()).isTrue();
        assertThat(r.claimIdle()).isTrue();
        assertThat(r.claimIdle()).isFalse();
    }

    @Test
    void aProducerAndAConsumerOnTwoThreadsMoveEveryByteInOrder() throws Exception {
        final int total = 4 << 20;
        final ByteRing r = new ByteRing(1024);
        final ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            final Future<?> producer = two.submit(() -> {
                final SplittableRandom rnd = new SplittableRandom(1);
                final byte[] chunk = new byte[700];
                long at = 0;
                while (at < total) {
                    final int n = (int) Math.min(total - at, 1 + rnd.nextInt(chunk.length));
                    for (int i = 0; i < n; i++) {
                        chunk[i] = (byte) ((at + i) * 7);
                    }
                    int done = 0;
                    while (done < n) {
                        done += r.write(chunk, done, n - done);
                        Thread.onSpinWait();
                    }
                    at += n;
                }
            });
            final Future<Long> consumer = two.submit(() -> {
                final SplittableRandom rnd = new SplittableRandom(2);
                final byte[] in = new byte[900];
                long at = 0;
                long wrong = 0;
                while (at < total) {
                    final int n = r.read(in, 0, 1 + rnd.nextInt(in.length));
                    for (int i = 0; i < n; i++) {
                        wrong += in[i] == (byte) ((at + i) * 7) ? 0 : 1;
                    }
                    at += n;
                    Thread.onSpinWait();
                }
                return wrong;
            });
            producer.get(60, TimeUnit.SECONDS);
            assertThat(consumer.get(60, TimeUnit.SECONDS)).as("bytes out of place").isZero();
            assertThat(r.tail()).isEqualTo(total);
        } finally {
            two.shutdownNow();
            assertThat(two.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(r.readable()).isZero();
    }
}
