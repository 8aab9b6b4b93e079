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
 */
public record Experiment(String id, int index, String target, FaultModel fault, TriggerModel trigger,
                         String recovery, int repetition, long seed) {

    /** @return the fault's label, with the recovery policy when the experiment sets one: {@code crash [recovery=fresh]} */
    public String faultLabel() {
        return fault.label() + (recovery == null ? "" : " [recovery=" + recovery + "]");
    }
}
