package dev.newt.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.results.Phase;
import dev.newt.report.model.ServerLatencies;
import dev.newt.results.Series;
import dev.newt.results.Timeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Charts render headless to inline SVG, including the degenerate cases a real campaign produces. */
class ChartsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void cdfOfIdenticalZeroDurationsStillRenders() {
        final ServerLatencies zeros = new ServerLatencies(Map.of("a.ip", new long[] {0, 0, 0}), new long[] {0, 0, 0});
        final String svg = InlineSvg.render(DistributionChart.cdf("zeros", zeros), "z");
        assertThat(svg).startsWith("<svg").endsWith("</svg>").doesNotContain("<?xml").doesNotContain("DOCTYPE");
    }

    @Test
    void cdfCurveHasAtMostTwoHundredPointsAndEndsAtOne() {
        final long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) i * 1000;
        }
        final double[][] curve = DistributionChart.curve(values);
        assertThat(curve[0]).hasSize(DistributionChart.MAX_POINTS + 1);
        assertThat(curve[1][curve[1].length - 1]).isEqualTo(1.0);
        assertThat(curve[0][curve[0].length - 1]).isEqualTo(9_999_000 / 1e6);
    }

    @Test
    void timelineOfPhasesOnlyAtTimeZeroRenders() {
        final Timeline t = drawn(List.of(), List.of(), List.of(new Phase(Phase.FAULT, "a", 0, 0)), 0);
        assertThat(TimelineChart.chart("t", t)).hasValueSatisfying(c ->
            assertThat(InlineSvg.render(c, "t")).startsWith("<svg"));
        assertThat(TimelineChart.chart("t", drawn(List.of(), List.of(), List.of(), 0))).isEmpty();
    }

    @Test
    void timelineWithFlatZeroSeriesRendersBothAxes() {
        final Series flat = new Series("w ratePerSecond", new double[] {1, 2}, new double[] {0, 0});
        final Series lone = new Series("w rttP99Nanos", new double[] {1}, new double[] {3});
        final Timeline t = drawn(List.of(flat), List.of(lone), List.of(), 2_000_000);
        assertThat(TimelineChart.chart("t", t)).hasValueSatisfying(c -> {
            assertThat(c.getSeriesMap()).containsKeys("w ratePerSecond", "w rttP99Nanos");
            assertThat(c.getSeriesMap().get("w rttP99Nanos").getYAxisGroup()).isEqualTo(1);
            assertThat(InlineSvg.render(c, "t")).startsWith("<svg");
        });
    }

    @Test
    void idsArePrefixedAndNumberedInOrderOfAppearance() {
        final String svg = "<svg><defs><clipPath id=\"clip99\"/><clipPath id=\"clip7\"/></defs>"
            + "<g clip-path=\"url(#clip7)\"/><g clip-path=\"url(#clip99)\"/></svg>";
        assertThat(InlineSvg.renameIds(svg, "c3")).isEqualTo("<svg><defs><clipPath id=\"c3-0\"/>"
            + "<clipPath id=\"c3-1\"/></defs><g clip-path=\"url(#c3-1)\"/><g clip-path=\"url(#c3-0)\"/></svg>");
    }

    @Test
    void pathCoordinatesAreCutToATenth() {
        assertThat(InlineSvg.roundPaths("<path d=\"M1.234375,-0.96 L12.5,3\" style=\"opacity:0.274\"/>"))
            .isEqualTo("<path d=\"M1.2,-0.9 L12.5,3\" style=\"opacity:0.274\"/>");
    }

    /** A timeline with only what a chart draws: no fault story. */
    private static Timeline drawn(final List<Series> throughput, final List<Series> latency, final List<Phase> phases,
                                  final long end) {
        return new Timeline(null, null, null, null, 0, null, throughput, latency, phases, end, null);
    }
}
