package dev.newt.report.chart;

import dev.newt.report.model.ServerLatencies;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cumulative distribution of a duration per server: for each server, the fraction of its
 * experiments at or below each duration. Only the servers with the most values are drawn, so the
 * chart stays legible; the table beside it has them all.
 */
public final class DistributionChart {
    /** Most servers drawn on one chart. */
    public static final int MAX_SERVERS = 8;
    /** Most points per curve: quantiles, so ten thousand experiments draw as fast as ten. */
    static final int MAX_POINTS = 200;

    private DistributionChart() {
    }

    /**
     * @param title     chart title
     * @param latencies the durations by server; must not be empty
     * @return the chart
     */
    public static XYChart cdf(final String title, final ServerLatencies latencies) {
        final XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(340).title(title)
            .xAxisTitle("ms").yAxisTitle("fraction of experiments").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.0");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        final List<Map.Entry<String, long[]>> drawn = latencies.samples().entrySet().stream()
            .sorted(Comparator.comparingInt((Map.Entry<String, long[]> e) -> e.getValue().length).reversed()
                .thenComparing(Map.Entry::getKey))
            .limit(MAX_SERVERS).toList();
        for (Map.Entry<String, long[]> e : drawn) {
            final double[][] curve = curve(e.getValue());
            chart.addSeries(e.getKey() + " (" + e.getValue().length + ")", curve[0], curve[1])
                .setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** @param values a sample @return x (ms) and y (cumulative fraction), at most {@link #MAX_POINTS} points */
    static double[][] curve(final long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        final int points = Math.min(n, MAX_POINTS);
        final double[] x = new double[points + 1];
        final double[] y = new double[points + 1];
        x[0] = sorted[0] / 1e6;
        for (int i = 1; i <= points; i++) {
            final int rank = (int) Math.ceil((double) i * n / points);
            x[i] = sorted[rank - 1] / 1e6;
            y[i] = (double) rank / n;
        }
        return new double[][] {x, y};
    }
}
