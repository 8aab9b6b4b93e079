package dev.newt.report.render;

import dev.newt.report.table.Cells;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Timeline;

/** One line under a timeline: detection, restart and the service the workloads lost, side by side. */
final class TimelineFigures {
    private TimelineFigures() {
    }

    /**
     * @param r the experiment
     * @param t its timeline
     * @return such as {@code detected after 1.000 ms, restarted after 10.000 ms; service lost for 480.000 ms}
     */
    static String line(final ExperimentResult r, final Timeline t) {
        final StringBuilder b = new StringBuilder();
        b.append(r.detectionLatencyNanos() == null ? "nothing detected"
            : "detected after " + Cells.millis(r.detectionLatencyNanos()) + " ms");
        if (r.recoveryNanos() != null) {
            b.append(", restarted after ").append(Cells.millis(r.recoveryNanos())).append(" ms");
        }
        final long lost = t.serviceLost();
        b.append("; ").append(lost == 0 ? "no service lost (every workload progressed in every bin)"
            : "service lost for " + Cells.millis(lost) + " ms (shaded: outage)");
        return b.toString();
    }
}
