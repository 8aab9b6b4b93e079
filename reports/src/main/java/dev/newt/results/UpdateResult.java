package dev.newt.results;

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
 */
public record UpdateResult(List<String> servers, String image, long requestedAt, String result,
                           long quiesceNanos, long transferNanos, long downtimeNanos, long totalNanos,
                           String reason) {
}
