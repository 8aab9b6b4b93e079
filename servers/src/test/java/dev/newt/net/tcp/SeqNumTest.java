package dev.newt.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqNumTest {
    private static final int TOP = 0xFFFF_FFFF; // 2^32 - 1

    @Test
    void comparesAcrossTheWrapOfTheSequenceSpace() {
        assertThat(SeqNum.lt(TOP, 0)).isTrue();
        assertThat(SeqNum.lt(TOP - 5, 10)).isTrue();
        assertThat(SeqNum.gt(10, TOP - 5)).isTrue();
        assertThat(SeqNum.leq(TOP, TOP)).isTrue();
        assertThat(SeqNum.geq(0, TOP)).isTrue();
        assertThat(SeqNum.lt(0, TOP)).isFalse();
        // plain int comparison would get every one of these wrong
        assertThat(TOP < 0).isTrue();
    }

    @Test
    void comparesAcrossTheSignBoundaryOfJavaInts() {
        assertThat(SeqNum.lt(Integer.MAX_VALUE, Integer.MIN_VALUE)).isTrue();
        assertThat(SeqNum.gt(Integer.MIN_VALUE + 100, Integer.MAX_VALUE - 100)).isTrue();
    }

    @Test
    void halfTheSpaceApartIsTheLimitOfMeaningfulComparison() {
        assertThat(SeqNum.lt(0, (1 << 31) - 1)).isTrue();
        // exactly 2^31 apart is ambiguous: each reads as before the other, which is why windows stay below 2^31
        assertThat(SeqNum.lt(0, 1 << 31)).isTrue();
        assertThat(SeqNum.lt(1 << 31, 0)).isTrue();
    }

    @Test
    void betweenIsInclusiveAndFollowsTheWrap() {
        assertThat(SeqNum.between(TOP - 10, TOP - 10, 5)).isTrue();
        assertThat(SeqNum.between(TOP - 10, 0, 5)).isTrue();
        assertThat(SeqNum.between(TOP - 10, 5, 5)).isTrue();
        assertThat(SeqNum.between(TOP - 10, 6, 5)).isFalse();
        assertThat(SeqNum.between(TOP - 10, TOP - 11, 5)).isFalse();
        assertThat(SeqNum.between(7, 7, 7)).isTrue();
        assertThat(SeqNum.between(7, 8, 7)).isFalse();
    }

    @Test
    void inWindowIsHalfOpenAndFollowsTheWrap() {
        assertThat(SeqNum.inWindow(TOP, TOP - 1, 3)).isTrue();
        assertThat(SeqNum.inWindow(0, TOP - 1, 3)).isTrue();
        assertThat(SeqNum.inWindow(1, TOP - 1, 3)).as("start + size is outside").isFalse();
        assertThat(SeqNum.inWindow(TOP - 2, TOP - 1, 3)).isFalse();
        assertThat(SeqNum.inWindow(5, 5, 0)).as("an empty window holds nothing").isFalse();
        assertThat(SeqNum.inWindow(5 + (1 << 30), 5, 1L << 31)).isTrue();
    }

    @Test
    void maxAndMinFollowTheWrap() {
        assertThat(SeqNum.max(TOP, 3)).isEqualTo(3);
        assertThat(SeqNum.min(TOP, 3)).isEqualTo(TOP);
    }
}
