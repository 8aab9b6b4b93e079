package dev.newt.results;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.HangDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.event.UpdatePhase;
import dev.newt.core.event.WorkloadMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a run's event log says happened, read in one pass: the fault's story that outcomes are
 * decided from (campaigns' outcome rules), and the workload figures over time with the fault,
 * recovery and update phases that reports draw.
 *
 * <p>The story: when the fault first activated ({@code fault-activated}), when something was
 * first detected at or after that (a crash, hang or corruption of any server), when the detected
 * server was restarted after that, how many restarts there were, and whether the supervisor gave up.
 *
 * <p>The figures: throughput is every {@code workload-metric} figure named {@code ...PerSecond};
 * latency every figure named {@code ...Nanos} but {@code binNanos}, in milliseconds.
 *
 * <p>The outage: a workload lost service from the end of a bin in which it made progress (some
 * {@code ...PerSecond} figure above zero) to the start of its next such bin, when they do not touch
 * (bins without progress, or no bins, in between). Each such gap is an {@code outage} phase; before
 * the first progress and after the last there is none (starting up, finished).
 *
 * @param activatedAt first {@code fault-activated}, runtime clock; null if none
 * @param detectedAt  first crash, hang or corruption detection at or after the activation; null if none
 * @param detected    what was detected and where, such as {@code crashed b.tcp}
 * @param recoveredAt first restart of the detected server after the detection; null if none
 * @param restarts    restarts of any server
 * @param gaveUp      the first server the supervisor gave up on, or null
 * @param throughput  the rate series
 * @param latency     the latency series, milliseconds
 * @param phases      the shaded intervals, in the order they started
 * @param endNanos    runtime clock of the last event
 * @param crash       where the detection was thrown when it is a crash ({@link ServerCrashed#where()}), else null
 */
public record Timeline(Long activatedAt, Long detectedAt, String detected, Long recoveredAt, int restarts,
                       String gaveUp, List<Series> throughput, List<Series> latency, List<Phase> phases,
                       long endNanos, String crash) {

    /** @param events a run's events in order @return its timeline */
    public static Timeline of(final List<Event> events) {
        final Builder b = new Builder(false);
        events.forEach(b::accept);
        return b.build();
    }

    /**
     * The story read as if the fault had activated when the run began: for a run whose fault never
     * fired, what went wrong anyway (its first detection, and the restart after it). Its
     * {@code activatedAt} is 0.
     *
     * @param events a run's events in order
     * @return its timeline from the start
     */
    public static Timeline fromStart(final List<Event> events) {
        final Builder b = new Builder(true);
        events.forEach(b::accept);
        return b.build();
    }

    /** @return the runtime clock during which some workload made no progress: the union of the outage phases */
    public long serviceLost() {
        long total = 0;
        long coveredTo = Long.MIN_VALUE;
        for (Phase p : phases) {
            if (!p.kind().equals(Phase.OUTAGE)) {
                continue;
            }
            final long from = Math.max(p.start(), coveredTo);
            if (p.end() > from) {
                total += p.end() - from;
            }
            coveredTo = Math.max(coveredTo, p.end());
        }
        return total;
    }

    /** @return activation to detection, or null */
    public Long detectionLatency() {
        return activatedAt == null || detectedAt == null ? null : detectedAt - activatedAt;
    }

    /** @return detection to serving again, or null */
    public Long recoveryTime() {
        return detectedAt == null || recoveredAt == null ? null : recoveredAt - detectedAt;
    }

    /** @return whether there is nothing to draw */
    public boolean isEmpty() {
        return throughput.isEmpty() && latency.isEmpty() && phases.isEmpty();
    }

    /** @return what {@code e} says was detected ({@code crashed}, {@code hang-detected}, ...), or null */
    private static String detection(final Event e) {
        if (e instanceof ServerCrashed) {
            return "crashed";
        }
        if (e instanceof HangDetected) {
            return "hang-detected";
        }
        return e instanceof CorruptionDetected ? "corruption-detected" : null;
    }

    /** Walks the events once: the story of the first activation, and intervals opened and closed per server. */
    private static final class Builder {
        private Long activated;
        private String crash;
        private Long detectedAt;
        private String detected;
        private String detectedServer;
        private Long recovered;
        private int restarts;
        private String firstGaveUp;

        private final Map<String, Points> throughput = new LinkedHashMap<>();
        private final Map<String, Points> latency = new LinkedHashMap<>();
        private final List<Phase> phases = new ArrayList<>();
        private final Map<String, Long> faultOpen = new TreeMap<>();
        private final Map<String, Long> recoveryOpen = new TreeMap<>();
        /** Gave-up instants; they last to the end of the log, known only at the end. */
        private final List<Phase> gaveUp = new ArrayList<>();
        /** Per workload server: the end of its last bin with progress, and the outages found. */
        private final Map<String, Long> lastProgress = new TreeMap<>();
        private long end;

        Builder(final boolean fromStart) {
            activated = fromStart ? 0L : null;
        }

        void accept(final Event e) {
            story(e);
            end = Math.max(end, e.time());
            if (detection(e) != null) {
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

        /** The fault's story: only the first activation counts, and the first detection after it. */
        private void story(final Event e) {
            if (e instanceof CustomEvent c && c.kind().equals(EventKinds.FAULT_ACTIVATED)) {
                if (activated == null) {
                    activated = c.time();
                }
            } else if (activated != null && detectedAt == null && e.time() >= activated && detection(e) != null) {
                detectedAt = e.time();
                detected = detection(e) + " " + e.server();
                detectedServer = e.server();
                crash = e instanceof ServerCrashed c ? c.where() : null;
            } else if (e instanceof ServerRestarted r) {
                restarts++;
                if (detectedServer != null && recovered == null && r.server().equals(detectedServer)) {
                    recovered = r.time();
                }
            } else if (e instanceof GaveUp g && firstGaveUp == null) {
                firstGaveUp = g.server();
            }
        }

        private void custom(final CustomEvent c) {
            switch (c.kind()) {
                case EventKinds.FAULT_ACTIVATED -> faultOpen.putIfAbsent(c.server(), c.time());
                case EventKinds.FAULT_DISARMED -> close(faultOpen, Phase.FAULT, c.server(), c.time());
                case EventKinds.UPDATE_PHASE -> updatePhase(c);
                case EventKinds.WORKLOAD_METRIC -> metric(c);
                default -> { }
            }
        }

        private void updatePhase(final CustomEvent c) {
            final UpdatePhase p = UpdatePhase.from(c);
            phases.add(new Phase(Phase.UPDATE + Objects.requireNonNullElse(p.phase(), "?"), c.server(), p.start(),
                p.end()));
            end = Math.max(end, p.end());
        }

        private void metric(final CustomEvent c) {
            final WorkloadMetric m = WorkloadMetric.from(c);
            final long x = m.binStart() + m.binNanos() / 2;
            end = Math.max(end, x + m.binNanos() / 2);
            progress(c.server(), m);
            m.figures().forEach((name, value) -> {
                if (!(value instanceof Number n)) {
                    return;
                }
                if (name.endsWith("PerSecond")) {
                    throughput.computeIfAbsent(c.server() + " " + name, k -> new Points()).add(x, n.doubleValue());
                } else if (name.endsWith("Nanos")) {
                    latency.computeIfAbsent(c.server() + " " + name, k -> new Points()).add(x, n.doubleValue() / 1e6);
                }
            });
        }

        /** A bin with progress after a gap since the last one closes an outage of that workload. */
        private void progress(final String server, final WorkloadMetric m) {
            final boolean moved = m.figures().entrySet().stream().anyMatch(f -> f.getKey().endsWith("PerSecond")
                && f.getValue() instanceof Number n && n.doubleValue() > 0);
            if (!moved) {
                return;
            }
            final Long last = lastProgress.get(server);
            if (last != null && m.binStart() > last) {
                phases.add(new Phase(Phase.OUTAGE, server, last, m.binStart()));
            }
            lastProgress.put(server, Math.max(m.binStart() + m.binNanos(), last == null ? Long.MIN_VALUE : last));
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
            return new Timeline(activated, detectedAt, detected, recovered, restarts, firstGaveUp,
                series(throughput), series(latency), List.copyOf(phases), end, crash);
        }

        private static List<Series> series(final Map<String, Points> points) {
            final List<Series> out = new ArrayList<>(points.size());
            points.forEach((name, p) -> out.add(p.toSeries(name)));
            return out;
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
