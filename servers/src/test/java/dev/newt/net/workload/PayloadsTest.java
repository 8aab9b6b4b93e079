package dev.newt.net.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.store.StateCodec;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void intactPayloadVerifiesToItsSequenceNumber() {
        assertThat(Payloads.verify(7, Payloads.make(7, 1234, 100))).isEqualTo(1234);
        assertThat(Payloads.make(7, 5, 64)).isEqualTo(Payloads.make(7, 5, 64));
        assertThat(Payloads.make(7, 5, 64)).isNotEqualTo(Payloads.make(8, 5, 64));
    }

    @Test
    void everySingleBitFlipIsDetected() {
        final byte[] good = Payloads.make(3, 42, 40);
        for (int bit = 0; bit < good.length * 8; bit++) {
            final byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Payloads.verify(3, bad)).as("bit %d", bit).isEqualTo(-1);
        }
    }

    @Test
    void truncatedOrForeignPayloadIsRejected() {
        assertThat(Payloads.verify(3, new byte[5])).isEqualTo(-1);
        assertThat(Payloads.verify(3, Payloads.make(4, 1, 40))).isEqualTo(-1);
        assertThatThrownBy(() -> Payloads.make(1, 1, 11)).hasMessageContaining("payload size must be >= 12");
    }

    @Test
    void percentilesAreNearestRank() {
        final RttStats r = new RttStats();
        for (int i = 100; i >= 1; i--) {
            r.add(i);
        }
        assertThat(r.count()).isEqualTo(100);
        assertThat(r.percentile(50)).isEqualTo(50);
        assertThat(r.percentile(99)).isEqualTo(99);
        assertThat(r.percentile(100)).isEqualTo(100);
        assertThat(r.mean()).isEqualTo(50);
        assertThat(new RttStats().percentile(50)).isZero();
    }

    @Test
    void timesSurviveTheCheckpointCodecAsBytes() {
        final StateCodec codec = new StateCodec();
        final RttStats r = new RttStats();
        for (int i = 0; i < 37; i++) {
            r.add(i * 1_000_003L - 5);
        }
        final byte[] encoded = codec.encode("w", r);
        final RttStats back = codec.decode("w", encoded, RttStats.class);
        assertThat(back.count()).isEqualTo(37);
        assertThat(back.sorted()).isEqualTo(r.sorted());
        assertThat(codec.encode("w", back)).isEqualTo(encoded);
        back.add(1);
        assertThat(back.count()).isEqualTo(38);
        assertThat(codec.decode("w", codec.encode("w", new RttStats()), RttStats.class).count()).isZero();
    }
}
