package dev.newt.campaign.spec;

/**
 * One experiment of the expanded list: one fault in one server.
 *
 * @param id         stable identifier, {@code e0000}, {@code e0001}...
 * @param index      position in the expanded list
 * @param target     the server the fault goes into
 * @param fault      the fault
 * @param trigger    when it activates
 * @param repetition repetition of its matrix cell (or list entry), from 0
 * @param seed       the seed of the fault's random choices, derived from the campaign seed and the index
 */
public record Experiment(String id, int index, String target, FaultModel fault, TriggerModel trigger,
                         int repetition, long seed) {
}
