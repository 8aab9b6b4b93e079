package dev.newt.report.chart;

import dev.newt.report.model.Phase;
import dev.newt.report.model.Series;
import dev.newt.report.model.Timeline;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An experiment's workload figures over time, with its phases shaded behind them as Jepsen shades
 * nemesis intervals: one chart for throughput and one for latency, or one of phases alone when
 * the workload wrote no metrics.
 */
public final class TimelineChart {
    /** An instantaneous phase (a one-shot fault) is drawn this wide, as a fraction of the time axis. */
    static final double MIN_PHASE_WIDTH = 0.004;

    private TimelineChart() {
    }

    /**
     * @param title    what the charts show, such as the experiment's id
     * @param timeline the timeline
     * @return the charts to draw, none when the timeline is empty
     */
    public static List<XYChart> charts(final String title, final Timeline timeline) {
        final List<XYChart> charts = new ArrayList<>(2);
        if (!timeline.throughput().isEmpty()) {
            charts.add(chart(title + ": throughput", "per second", timeline.throughput(), timeline));
        }
        if (!timeline.latency().isEmpty()) {
            charts.add(chart(title + ": latency", "ms", timeline.latency(), timeline));
        }
        if (charts.isEmpty() && !timeline.phases().isEmpty()) {
            charts.add(chart(title + ": phases (no workload metrics)", "", List.of(), timeline));
        }
        return charts;
    }

    private static XYChart chart(final String title, final String unit, final List<Series> series,
                                 final Timeline timeline) {
        final XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(260).title(title)
            .xAxisTitle("runtime clock (ms)").yAxisTitle(unit).build();
        ChartStyle.apply(chart.getStyler());
        final double top = Math.max(1e-9, series.stream()
            .flatMapToDouble(s -> java.util.Arrays.stream(s.y())).max().orElse(1)) * 1.1;
        final double end = Math.max(timeline.endNanos() / 1e6, 1e-6);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(top).setXAxisMin(0.0).setXAxisMax(end);
        shade(chart, timeline.phases(), top, end);
        for (Series s : series) {
            final XYSeries line = chart.addSeries(s.name(), s.xMillis(), s.y());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** One area series per phase, behind the lines; one legend entry per kind of phase. */
    private static void shade(final XYChart chart, final List<Phase> phases, final double top, final double end) {
        final Set<String> inLegend = new HashSet<>();
        final double minWidth = end * MIN_PHASE_WIDTH;
        int n = 0;
        for (Phase p : phases) {
            final double from = p.start() / 1e6;
            final double to = Math.max(p.end() / 1e6, from + minWidth);
            final boolean first = inLegend.add(p.kind());
            final XYSeries area = chart.addSeries(first ? p.kind() : p.kind() + " #" + n,
                new double[] {from, to}, new double[] {top, top});
            area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            area.setMarker(SeriesMarkers.NONE);
            area.setFillColor(Palette.translucent(Palette.phase(p.kind()), 70));
            area.setLineColor(Palette.translucent(Palette.phase(p.kind()), 160));
            area.setShowInLegend(first);
            n++;
        }
    }
}
