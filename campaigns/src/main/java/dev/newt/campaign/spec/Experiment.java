package dev.newt.campaign.spec;

/**
 * One experiment of the expanded list: one fault in one server.
 *
 * @param id         stable identifier, {@code e0000}, {@code e0001}...
 * @param index      position in the expanded list
 * @param target     the server the fault goes into
 * @param fault      the fault
 * @param trigger    when it activates
 * @param recovery   the recovery policy the target runs under for this experiment, or {@code null} for the
 *                   system's own
 * @param repetition repetition of its matrix cell (or list entry), from 0
 * @param seed       the seed of the fault's random choices, derived from the campaign seed and the index
 * @param schedule   for a run of the campaign's {@code schedules:}, its schedule (drawn from {@code seed}, which
 *                   also seeds the run's runtime); then {@code target}, {@code fault} and {@code trigger} only
 *                   label it; {@code null} for a one-fault experiment
 */
public record Experiment(String id, int index, String target, FaultModel fault, TriggerModel trigger,
                         String recovery, int repetition, long seed, Schedule schedule) {

    /** A one-fault experiment. */
    public Experiment(final String id, final int index, final String target, final FaultModel fault,
                      final TriggerModel trigger, final String recovery, final int repetition, final long seed) {
        this(id, index, target, fault, trigger, recovery, repetition, seed, null);
    }

    /**
     * @param id       its id
     * @param index    its index
     * @param schedule its schedule
     * @return the experiment that runs it, labelled by the servers it touches, its size and its seed
     */
    public static Experiment of(final String id, final int index, final Schedule schedule) {
        return new Experiment(id, index, schedule.targets(), new FaultModel(schedule.label(), java.util.Map.of(), null,
            null, null), new TriggerModel("seed:" + schedule.seed(), java.util.Map.of()), null, 0, schedule.seed(),
            schedule);
    }

    /** @return the fault's label, with the recovery policy when the experiment sets one: {@code crash [recovery=fresh]} */
    public String faultLabel() {
        return fault.label() + (recovery == null ? "" : " [recovery=" + recovery + "]");
    }
}
