package dev.newt.campaign.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Draws a run's schedule from a campaign's {@code schedules:} section and the run's seed, and from
 * nothing else: a pure function (same model and seed, same schedule, on every machine;
 * {@code ScheduleGeneratorPropertyTest}).
 *
 * <p>In this order, from one {@link SplittableRandom} of the seed: the number of faults K (uniform
 * in its range), then each fault's target, fault and trigger (by weight) and time (uniform in the
 * window); then the number of updates, each one's image and time; then a recovery policy for each
 * declared target, in declaration order. The limit: a fault is ongoing for {@code quiet} after its
 * time, and no more than {@code maxConcurrent} are ongoing at once: a fault drawn into a full period
 * is moved past the earliest end of the faults ongoing then (so it may land after the window). Faults
 * and updates are then numbered by time ({@code f0}, {@code u0}).
 */
public final class ScheduleGenerator {
    private ScheduleGenerator() {
    }

    /**
     * @param m    the section
     * @param seed the run's seed
     * @return the schedule
     */
    public static Schedule generate(final ScheduleModel m, final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final int k = between(r, m.faultsMin(), m.faultsMax());
        final long from = m.from().toNanos();
        final long span = Math.max(0, m.to().toNanos() - from);
        final List<long[]> ongoing = new ArrayList<>();
        final List<ScheduledFault> faults = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            final String target = Weighted.pick(m.targets(), r);
            final FaultModel fault = Weighted.pick(m.faults(), r);
            final TriggerModel trigger = m.triggers().isEmpty() ? ScheduledFault.FIRST_CALL
                : m.triggers().get(r.nextInt(m.triggers().size()));
            final long at = place(from + (span == 0 ? 0 : r.nextLong(span + 1)), m, ongoing);
            faults.add(new ScheduledFault("f", Duration.ofNanos(at), target, fault, trigger));
        }
        final List<ScheduledUpdate> updates = new ArrayList<>();
        final int u = m.images().isEmpty() ? 0 : between(r, m.updatesMin(), m.updatesMax());
        for (int i = 0; i < u; i++) {
            final UpdateModel image = m.images().get(r.nextInt(m.images().size()));
            final long at = from + (span == 0 ? 0 : r.nextLong(span + 1));
            updates.add(new ScheduledUpdate("u", image).at(Duration.ofNanos(at)));
        }
        final Map<String, String> recovery = new TreeMap<>();
        if (!m.recoveries().isEmpty()) {
            for (Weighted<String> t : m.targets()) {
                recovery.put(t.item(), m.recoveries().get(r.nextInt(m.recoveries().size())));
            }
        }
        return new Schedule(seed, numberFaults(faults), numberUpdates(updates), recovery);
    }

    /**
     * The earliest time at or after {@code at} at which a fault's period [t, t + quiet) keeps every
     * instant below the limit of ongoing faults; records the period.
     */
    private static long place(final long at, final ScheduleModel m, final List<long[]> ongoing) {
        final long quiet = Math.max(1, m.quiet().toNanos());
        long t = at;
        while (peak(t, t + quiet, ongoing) >= m.maxConcurrent()) {
            final long now = t;
            // Move past the earliest end among the periods overlapping this one: t strictly grows.
            t = ongoing.stream().filter(o -> o[0] < now + quiet && o[1] > now).mapToLong(o -> o[1]).min()
                .orElseThrow();
        }
        ongoing.add(new long[] {t, t + quiet});
        return t;
    }

    /** The most periods ongoing at one instant of [start, end): the peak is at start or at a period's start. */
    private static int peak(final long start, final long end, final List<long[]> ongoing) {
        int most = 0;
        for (long[] p : ongoing) {
            final long x = Math.max(start, p[0]);
            if (x >= end) {
                continue;
            }
            most = Math.max(most, (int) ongoing.stream().filter(o -> o[0] <= x && x < o[1]).count());
        }
        return most;
    }

    private static int between(final SplittableRandom r, final int min, final int max) {
        return max <= min ? min : min + r.nextInt(max - min + 1);
    }

    private static List<ScheduledFault> numberFaults(final List<ScheduledFault> faults) {
        final List<ScheduledFault> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparing(ScheduledFault::at));
        final List<ScheduledFault> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            final ScheduledFault f = sorted.get(i);
            out.add(new ScheduledFault("f" + i, f.at(), f.target(), f.fault(), f.trigger()));
        }
        return out;
    }

    private static List<ScheduledUpdate> numberUpdates(final List<ScheduledUpdate> updates) {
        final List<ScheduledUpdate> sorted = new ArrayList<>(updates);
        sorted.sort(Comparator.comparing(ScheduledUpdate::at));
        final List<ScheduledUpdate> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.add(new ScheduledUpdate("u" + i, sorted.get(i).update()));
        }
        return out;
    }
}
