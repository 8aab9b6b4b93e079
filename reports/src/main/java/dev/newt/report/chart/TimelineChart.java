package dev.newt.report.chart;

import dev.newt.results.Phase;
import dev.newt.results.Series;
import dev.newt.results.Timeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An experiment's workload figures over time, with its phases shaded behind them as Jepsen shades
 * nemesis intervals: throughput and latency on one chart with two y axes, or the phases alone when
 * the workload wrote no metrics.
 */
public final class TimelineChart {
    /** An instantaneous phase (a one-shot fault) is drawn this wide, as a fraction of the time axis. */
    static final double MIN_PHASE_WIDTH = 0.004;

    private TimelineChart() {
    }

    /**
     * @param title    what the chart shows, such as the experiment's id
     * @param timeline the timeline
     * @return the chart: throughput on the left axis, latency (dashed) on the right; empty when
     *         the timeline has nothing to draw
     */
    public static Optional<XYChart> chart(final String title, final Timeline timeline) {
        if (timeline.isEmpty()) {
            return Optional.empty();
        }
        final List<Group> groups = new ArrayList<>(2);
        if (!timeline.throughput().isEmpty()) {
            groups.add(new Group("throughput (per second)", timeline.throughput()));
        }
        if (!timeline.latency().isEmpty()) {
            groups.add(new Group("latency (ms, dashed)", timeline.latency()));
        }
        final XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(300)
            .title(title + (groups.isEmpty() ? ": phases (no workload metrics)" : ""))
            .xAxisTitle("runtime clock (ms)").build();
        ChartStyle.apply(chart.getStyler());
        final double end = Math.max(timeline.endNanos() / 1e6, 1e-6);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(end);
        final double[] tops = new double[Math.max(1, groups.size())];
        Arrays.fill(tops, 1.0);
        for (int g = 0; g < groups.size(); g++) {
            tops[g] = groups.get(g).top();
            chart.getStyler().setYAxisMin(g, 0.0).setYAxisMax(g, tops[g]);
            chart.setYAxisGroupTitle(g, groups.get(g).title());
        }
        if (groups.size() > 1) {
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
        shade(chart, timeline.phases(), tops[0], end);
        for (int g = 0; g < groups.size(); g++) {
            for (Series s : groups.get(g).series()) {
                final XYSeries line = chart.addSeries(s.name(), s.xMillis(), s.y());
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                // A line needs two points: a lone bin shows as a dot.
                line.setMarker(s.y().length < 2 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                line.setYAxisGroup(g);
                if (g == 1) {
                    line.setLineStyle(SeriesLines.DASH_DASH);
                }
            }
        }
        return Optional.of(chart);
    }

    /** The series sharing one y axis. */
    private record Group(String title, List<Series> series) {
        double top() {
            return Math.max(1e-9, series.stream().flatMapToDouble(s -> Arrays.stream(s.y())).max().orElse(1)) * 1.1;
        }
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
