package dev.newt.core.runtime;

/**
 * A snapshot of one server, for tests, the CLI and reports.
 *
 * @param name          the server
 * @param epoch         its latest incarnation
 * @param state         where it stands
 * @param handled       messages handled over all incarnations (replays not counted)
 * @param queued        messages waiting in its mailbox
 * @param rejectedSends sends it made that found the receiver's mailbox full
 * @param restarts      successful restarts
 */
public record ServerStatus(String name, long epoch, ServerState state, long handled, int queued,
                           long rejectedSends, long restarts) {
}
