package dev.newt.core.event;

/**
 * The supervisor brought a server back.
 *
 * @param time          when the new incarnation was serving
 * @param server        which server
 * @param oldEpoch      the dead incarnation
 * @param epoch         the new one
 * @param policy        the recovery policy applied
 * @param downtimeNanos from the failure being detected to serving again
 * @param replayed      messages replayed into the restored state
 * @param skipped       messages skipped: the one being handled when the server failed
 */
public record ServerRestarted(long time, String server, long oldEpoch, long epoch, String policy, long downtimeNanos, int replayed, int skipped) implements Event {
}
