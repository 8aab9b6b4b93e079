package dev.newt.campaign.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Expands a campaign's experiment groups into the experiment list: groups in file order; within a
 * group targets, then faults, then triggers, then recovery policies, then repetitions, the last varying fastest. Ids are
 * {@code e} and the index in four or more digits; each experiment's seed is derived from the
 * campaign seed and the index alone, so the list and the seeds are the same on every machine. The
 * runs of the campaign's {@code schedules:} come last, each with the schedule its seed draws.
 */
public final class MatrixExpansion {
    private MatrixExpansion() {
    }

    /** @param c the campaign @return its experiments */
    public static List<Experiment> expand(final Campaign c) {
        final List<Experiment> out = new ArrayList<>();
        for (ExperimentGroup g : c.groups()) {
            for (String target : g.targets()) {
                for (FaultModel f : g.faults()) {
                    for (TriggerModel t : g.triggers()) {
                        for (String policy : g.recoveries().isEmpty() ? java.util.Collections.<String>singletonList(
                            null) : g.recoveries()) {
                            for (int r = 0; r < g.repetitions(); r++) {
                                final int i = out.size();
                                out.add(new Experiment(id(i), i, target, f, t, policy, r, seed(c.seed(), i)));
                            }
                        }
                    }
                }
            }
        }
        final ScheduleModel s = c.schedules();
        if (s != null) {
            for (int r = 0; r < s.runs(); r++) {
                final int i = out.size();
                out.add(Experiment.of(id(i), i, s.scheduleFor(seed(c.seed(), i))));
            }
        }
        return out;
    }

    /** @param index an index @return its id, such as {@code e0007} */
    public static String id(final int index) {
        return String.format(Locale.ROOT, "e%04d", index);
    }

    /**
     * @param campaignSeed the campaign's seed
     * @param index        the experiment's index
     * @return a well-mixed seed (SplitMix64's finaliser over seed and index)
     */
    public static long seed(final long campaignSeed, final int index) {
        long z = campaignSeed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
