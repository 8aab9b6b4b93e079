package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecodedTest {

    @Test
    void okCarriesItsValueAndRefusesToGiveAReason() {
        final Decoded<String> d = Decoded.ok("x");
        assertThat(d.isOk()).isTrue();
        assertThat(d.value()).isEqualTo("x");
        assertThat(d.toOptional()).contains("x");
        assertThatThrownBy(d::reason).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(d::detail).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void dropCarriesReasonAndDetailAndRefusesToGiveAValue() {
        final Decoded<String> d = Decoded.drop(DropReason.TRUNCATED, "3 bytes");
        assertThat(d.isOk()).isFalse();
        assertThat(d.reason()).isEqualTo(DropReason.TRUNCATED);
        assertThat(d.detail()).isEqualTo("3 bytes");
        assertThat(d.toOptional()).isEmpty();
        assertThatThrownBy(d::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("TRUNCATED");
    }

    @Test
    void chainingLayersPassesTheFirstDropThrough() {
        final Decoded<Integer> ok = Decoded.<String>ok("12").map(Integer::parseInt);
        assertThat(ok.value()).isEqualTo(12);
        final Decoded<String> inner = Decoded.drop(DropReason.BAD_CHECKSUM, "inner");
        final Decoded<Integer> chained = inner.flatMap(s -> Decoded.ok(s.length()));
        assertThat(chained.reason()).isEqualTo(DropReason.BAD_CHECKSUM);
        final Decoded<Integer> second = Decoded.<String>ok("a")
                .flatMap(s -> Decoded.<Integer>drop(DropReason.BAD_LENGTH, "outer"));
        assertThat(second.reason()).isEqualTo(DropReason.BAD_LENGTH);
    }

    @Test
    void dropCountsCountPerReasonWithoutTryCatch() {
        final DropCounts drops = new DropCounts();
        assertThat(drops.accept(Decoded.ok(1))).isTrue();
        assertThat(drops.accept(Decoded.drop(DropReason.TRUNCATED, ""))).isFalse();
        assertThat(drops.accept(Decoded.drop(DropReason.TRUNCATED, ""))).isFalse();
        drops.add(DropReason.NOT_FOR_US);
        assertThat(drops.count(DropReason.TRUNCATED)).isEqualTo(2);
        assertThat(drops.count(DropReason.BAD_CHECKSUM)).isZero();
        assertThat(drops.total()).isEqualTo(3);
        assertThat(drops.snapshot()).containsExactly(
                java.util.Map.entry(DropReason.TRUNCATED, 2L), java.util.Map.entry(DropReason.NOT_FOR_US, 1L));
    }
}
