package dev.newt.report.model;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.HangDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An experiment's workload figures over time with its fault, recovery and update phases, read from
 * its event log. Throughput is every {@code workload-metric} figure named {@code ...PerSecond};
 * latency every figure named {@code ...Nanos} but {@code binNanos}, in milliseconds.
 *
 * @param throughput the rate series
 * @param latency    the latency series, milliseconds
 * @param phases     the shaded intervals, in the order they started
 * @param endNanos   runtime clock of the last event
 */
public record Timeline(List<Series> throughput, List<Series> latency, List<Phase> phases, long endNanos) {
    /** Kind of the workloads' per-bin events. */
    public static final String METRIC = "workload-metric";

    /** @return whether there is nothing to draw */
    public boolean isEmpty() {
        return throughput.isEmpty() && latency.isEmpty() && phases.isEmpty();
    }

    /** @param events an event log in order @return its timeline */
    public static Timeline of(final List<Event> events) {
        final Builder b = new Builder();
        events.forEach(b::accept);
        return b.build();
    }

    /** Walks the events once, opening and closing intervals per server. */
    private static final class Builder {
        private final Map<String, Points> throughput = new LinkedHashMap<>();
        private final Map<String, Points> latency = new LinkedHashMap<>();
        private final List<Phase> phases = new ArrayList<>();
        private final Map<String, Long> faultOpen = new TreeMap<>();
        private final Map<String, Long> recoveryOpen = new TreeMap<>();
        /** Gave-up instants; they last to the end of the log, known only at the end. */
        private final List<Phase> gaveUp = new ArrayList<>();
        private long end;

        void accept(final Event e) {
            end = Math.max(end, e.time());
            if (e instanceof ServerCrashed || e instanceof HangDetected || e instanceof CorruptionDetected) {
                recoveryOpen.putIfAbsent(e.server(), e.time());
            } else if (e instanceof ServerRestarted) {
                close(recoveryOpen, Phase.RECOVERY, e.server(), e.time());
            } else if (e instanceof GaveUp) {
                close(recoveryOpen, Phase.RECOVERY, e.server(), e.time());
                gaveUp.add(new Phase(Phase.GAVE_UP, e.server(), e.time(), e.time()));
            } else if (e instanceof CustomEvent c) {
                custom(c);
            }
        }

        private void custom(final CustomEvent c) {
            switch (c.kind()) {
                case "fault-activated" -> faultOpen.putIfAbsent(c.server(), c.time());
                case "fault-disarmed" -> close(faultOpen, Phase.FAULT, c.server(), c.time());
                case "update-phase" -> updatePhase(c);
                case METRIC -> metric(c);
                default -> { }
            }
        }

        private void updatePhase(final CustomEvent c) {
            final long start = number(c.fields().get("start"), c.time());
            final long stop = number(c.fields().get("end"), c.time());
            phases.add(new Phase(Phase.UPDATE + c.fields().getOrDefault("phase", "?"), c.server(), start, stop));
            end = Math.max(end, stop);
        }

        private void metric(final CustomEvent c) {
            final Map<String, Object> f = c.fields();
            final long binNanos = number(f.get("binNanos"), 0);
            final long x = number(f.get("binStart"), c.time()) + binNanos / 2;
            end = Math.max(end, x + binNanos / 2);
            f.forEach((name, value) -> {
                if (!(value instanceof Number n)) {
                    return;
                }
                if (name.endsWith("PerSecond")) {
                    throughput.computeIfAbsent(c.server() + " " + name, k -> new Points()).add(x, n.doubleValue());
                } else if (name.endsWith("Nanos") && !name.equals("binNanos")) {
                    latency.computeIfAbsent(c.server() + " " + name, k -> new Points()).add(x, n.doubleValue() / 1e6);
                }
            });
        }

        private void close(final Map<String, Long> open, final String kind, final String server, final long time) {
            final Long start = open.remove(server);
            if (start != null) {
                phases.add(new Phase(kind, server, start, time));
            }
        }

        Timeline build() {
            faultOpen.forEach((server, start) -> phases.add(new Phase(Phase.FAULT, server, start, end)));
            recoveryOpen.forEach((server, start) -> phases.add(new Phase(Phase.RECOVERY, server, start, end)));
            gaveUp.forEach(g -> phases.add(new Phase(Phase.GAVE_UP, g.server(), g.start(), end)));
            phases.sort(Comparator.comparingLong(Phase::start).thenComparing(Phase::server));
            return new Timeline(series(throughput), series(latency), List.copyOf(phases), end);
        }

        private static List<Series> series(final Map<String, Points> points) {
            final List<Series> out = new ArrayList<>(points.size());
            points.forEach((name, p) -> out.add(p.toSeries(name)));
            return out;
        }

        private static long number(final Object value, final long otherwise) {
            return value instanceof Number n ? n.longValue() : otherwise;
        }
    }

    /** A growing series. */
    private static final class Points {
        private final List<double[]> xy = new ArrayList<>();

        void add(final long xNanos, final double y) {
            xy.add(new double[] {xNanos / 1e6, y});
        }

        Series toSeries(final String name) {
            final double[] x = new double[xy.size()];
            final double[] y = new double[xy.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = xy.get(i)[0];
                y[i] = xy.get(i)[1];
            }
            return new Series(name, x, y);
        }
    }
}
