package dev.newt.faults;

import java.util.List;

/**
 * What one fault did in a run.
 *
 * @param fault       the fault's id
 * @param type        its type
 * @param calls       calls of its sites counted while its window was open
 * @param activatedAt the call counts at which it activated, in order (counts restart in every
 *                    incarnation for a persistent fault)
 */
public record FaultSummary(String fault, FaultType type, long calls, List<Long> activatedAt) {

    /** @return whether it activated at least once */
    public boolean activated() {
        return !activatedAt.isEmpty();
    }
}
