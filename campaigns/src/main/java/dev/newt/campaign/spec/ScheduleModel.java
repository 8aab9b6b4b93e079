package dev.newt.campaign.spec;

import java.time.Duration;
import java.util.List;

/**
 * A campaign's {@code schedules:} section: how to draw each run's schedule of faults and live
 * updates ({@link ScheduleGenerator}), or one fixed schedule to replay.
 *
 * @param runs          how many seeded schedules to run
 * @param faultsMin     fewest faults per schedule
 * @param faultsMax     most faults per schedule
 * @param updatesMin    fewest updates per schedule
 * @param updatesMax    most updates per schedule
 * @param from          earliest time of an element (runtime clock)
 * @param to            latest time an element is drawn at (a limit may push a fault later)
 * @param maxConcurrent most faults in their quiet period at once
 * @param quiet         how long a fault counts as ongoing after it is armed (recovery's time)
 * @param targets       the servers faults go into, with weights
 * @param faults        the faults, with weights
 * @param triggers      the triggers a fault is drawn with from its time on (empty: the first call)
 * @param recoveries    the policies one is drawn from for each target server (empty: the system's own)
 * @param images        the updates one is drawn from (their {@code at} is ignored: drawn)
 * @param shrinkFor     wall-clock bound of shrinking each failure class at the end of a run (zero: no
 *                      shrinking)
 * @param replay        a fixed schedule to run once instead of drawing, or {@code null}
 */
public record ScheduleModel(int runs, int faultsMin, int faultsMax, int updatesMin, int updatesMax, Duration from,
                            Duration to, int maxConcurrent, Duration quiet, List<Weighted<String>> targets,
                            List<Weighted<FaultModel>> faults, List<TriggerModel> triggers, List<String> recoveries,
                            List<UpdateModel> images, Duration shrinkFor, Schedule replay) {
    /** Freezes the lists. */
    public ScheduleModel {
        targets = List.copyOf(targets);
        faults = List.copyOf(faults);
        triggers = List.copyOf(triggers);
        recoveries = List.copyOf(recoveries);
        images = List.copyOf(images);
    }

    /** @param n another number of runs @return this model with it (for {@code newt run --runs}) */
    public ScheduleModel withRuns(final int n) {
        return new ScheduleModel(n, faultsMin, faultsMax, updatesMin, updatesMax, from, to, maxConcurrent, quiet,
            targets, faults, triggers, recoveries, images, shrinkFor, replay);
    }

    /** @param k fewest and most faults @return this model with them */
    public ScheduleModel withFaults(final int min, final int max) {
        return new ScheduleModel(runs, min, max, updatesMin, updatesMax, from, to, maxConcurrent, quiet,
            targets, faults, triggers, recoveries, images, shrinkFor, replay);
    }

    /**
     * @param seed a run's seed
     * @return its schedule: the replay schedule when there is one (with that seed), else the one drawn
     */
    public Schedule scheduleFor(final long seed) {
        return replay != null ? replay : ScheduleGenerator.generate(this, seed);
    }
}
