package dev.newt.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * One live update within an experiment, with the duration of each phase.
 *
 * @param servers        the servers updated together
 * @param image          the image they were updated to
 * @param requestedAt    runtime clock when the update was requested, nanoseconds
 * @param result         {@code committed}, {@code rolled-back} or {@code aborted}
 * @param quiesceNanos   time to reach the safe point
 * @param transferNanos  time to checkpoint, transform and restore the state
 * @param downtimeNanos  time the servers did not serve their mailboxes
 * @param totalNanos     request to commit or rollback
 * @param reason         why it rolled back or aborted; empty when committed
 * @param wallQuiesceNanos  the quiesce phase's wall-clock cost; null in results written before it was recorded
 * @param wallTransferNanos the transfer phase's wall-clock cost, or null
 * @param wallTotalNanos    request to the end in wall-clock time, or null
 */
public record UpdateResult(List<String> servers, String image, long requestedAt, String result,
                           long quiesceNanos, long transferNanos, long downtimeNanos, long totalNanos,
                           String reason, Long wallQuiesceNanos, Long wallTransferNanos, Long wallTotalNanos) {
    /** Results files are read with the canonical constructor; the wall-clock figures of older files are null. */
    @JsonCreator
    public UpdateResult {
    }

    /** An update without wall-clock figures (an aborted update, tests). */
    public UpdateResult(final List<String> servers, final String image, final long requestedAt, final String result,
                        final long quiesceNanos, final long transferNanos, final long downtimeNanos,
                        final long totalNanos, final String reason) {
        this(servers, image, requestedAt, result, quiesceNanos, transferNanos, downtimeNanos, totalNanos, reason,
            null, null, null);
    }
}
