package dev.newt.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void nearestRankOfOneToHundredIsTheRankItself() {
        final long[] shuffled = LongStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).toArray();
        assertThat(Distribution.of(shuffled)).isEqualTo(new Distribution(100, 50, 90, 99, 100));
    }

    @Test
    void nearestRankRoundsTheRankUp() {
        // ten values: p50 is the 5th, p90 the 9th, p99 the 10th
        final long[] values = {10, 20, 30, 40, 50, 60, 70, 80, 90, 1000};
        assertThat(Distribution.of(values)).isEqualTo(new Distribution(10, 50, 90, 1000, 1000));
        assertThat(Distribution.of(new long[] {7})).isEqualTo(new Distribution(1, 7, 7, 7, 7));
    }

    @Test
    void emptySampleIsAllZeroAndTheInputIsNotReordered() {
        assertThat(Distribution.of(new long[0])).isEqualTo(new Distribution(0, 0, 0, 0, 0));
        final long[] values = {3, 1, 2};
        Distribution.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }
}
