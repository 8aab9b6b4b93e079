package dev.newt.update;

import java.util.List;

/**
 * How one live update ended, with the duration of each phase in nanoseconds of the runtime clock.
 *
 * @param updateId      the update's id within its manager ({@code u1}, {@code u2}...)
 * @param servers       the servers updated together
 * @param image         the image they were updated to
 * @param requestedAt   runtime clock when the update was requested
 * @param result        committed, rolled back or aborted
 * @param reason        why it rolled back or aborted; empty when committed
 * @param quiesceNanos  request to every server held at its safe point (or to the abort)
 * @param transferNanos held to every new version serving: transform, restore, {@code onStart}, switch
 * @param downtimeNanos the longest time one of the servers did not serve its mailbox, a rollback included
 * @param totalNanos    request to commit, rollback or abort
 * @param wallQuiesceNanos  the quiesce phase's wall-clock cost (on the simulated executor the runtime
 *                          clock is virtual: this says what the phase cost in real time)
 * @param wallTransferNanos the transfer phase's wall-clock cost
 * @param wallTotalNanos    request to the end, wall clock
 * @param precopy           per server transferred by pre-copy (checkpointed by parts), what each round moved;
 *                          empty when every state was copied whole at the safe point
 */
public record UpdateOutcome(String updateId, List<String> servers, String image, long requestedAt, Result result,
                            String reason, long quiesceNanos, long transferNanos, long downtimeNanos,
                            long totalNanos, long wallQuiesceNanos, long wallTransferNanos, long wallTotalNanos,
                            List<PreCopyReport> precopy) {

    /** Copies the lists. */
    public UpdateOutcome {
        servers = List.copyOf(servers);
        precopy = List.copyOf(precopy);
    }

    /**
     * An outcome without pre-copy.
     *
     * @param updateId          the update's id
     * @param servers           the servers
     * @param image             the image
     * @param requestedAt       when requested
     * @param result            how it ended
     * @param reason            why, if not committed
     * @param quiesceNanos      quiesce phase
     * @param transferNanos     transfer phase
     * @param downtimeNanos     downtime
     * @param totalNanos        total
     * @param wallQuiesceNanos  quiesce, wall clock
     * @param wallTransferNanos transfer, wall clock
     * @param wallTotalNanos    total, wall clock
     */
    public UpdateOutcome(final String updateId, final List<String> servers, final String image, final long requestedAt,
                         final Result result, final String reason, final long quiesceNanos, final long transferNanos,
                         final long downtimeNanos, final long totalNanos, final long wallQuiesceNanos,
                         final long wallTransferNanos, final long wallTotalNanos) {
        this(updateId, servers, image, requestedAt, result, reason, quiesceNanos, transferNanos, downtimeNanos,
            totalNanos, wallQuiesceNanos, wallTransferNanos, wallTotalNanos, List.of());
    }

    /** @return whether the new versions run, committed */
    public boolean committed() {
        return result == Result.COMMITTED;
    }

    /** How an update ended. */
    public enum Result {
        /** The new versions passed probation and run. */
        COMMITTED("committed"),
        /** A new version failed to start or failed on probation; the old versions run again. */
        ROLLED_BACK("rolled-back"),
        /** No new version started (no safe point before the deadline, or no state transform): nothing changed. */
        ABORTED("aborted");

        private final String label;

        Result(final String label) {
            this.label = label;
        }

        /** @return the name in events and results files */
        public String label() {
            return label;
        }
    }
}
