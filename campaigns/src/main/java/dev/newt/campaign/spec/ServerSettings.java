package dev.newt.campaign.spec;

import dev.newt.net.host.HostNames;
import java.time.Duration;

/**
 * Supervision settings for the servers a name pattern selects; {@code null} fields keep the
 * server's own default.
 *
 * @param pattern          a server name or a glob such as {@code *.tcp}
 * @param recovery         {@code fresh}, {@code checkpoint} or {@code checkpoint+replay}
 * @param checkpointEvery  messages between checkpoints (1: every message)
 * @param restarts         restart intensity: restarts allowed within {@code window}
 * @param window           restart intensity window
 * @param hangDeadline     longest a handler may run before the server counts as hung
 * @param isolation        {@code process}: the server runs in a child JVM of its own (docs/ARCHITECTURE.md,
 *                         "Process isolation"); {@code thread}: in the runtime's JVM (the default)
 */
public record ServerSettings(String pattern, String recovery, Integer checkpointEvery, Integer restarts,
                             Duration window, Duration hangDeadline, String isolation) {
    /** What {@code isolation} may say. */
    public static final java.util.List<String> ISOLATIONS = java.util.List.of("thread", "process");

    /** Settings that leave the isolation as it is. */
    public ServerSettings(final String pattern, final String recovery, final Integer checkpointEvery,
                          final Integer restarts, final Duration window, final Duration hangDeadline) {
        this(pattern, recovery, checkpointEvery, restarts, window, hangDeadline, null);
    }

    /**
     * @param all    a campaign's settings, in file order
     * @param server a server name
     * @return whether the last of the settings that match the server and say an isolation say {@code process}
     */
    public static boolean processIsolated(final java.util.List<ServerSettings> all, final String server) {
        String isolation = null;
        for (ServerSettings x : all) {
            if (x.isolation() != null && x.matches(server)) {
                isolation = x.isolation();
            }
        }
        return "process".equals(isolation);
    }

    /**
     * @param server a server name
     * @return whether these settings apply to it; a pattern without a replica's {@code #r} applies to
     *         every replica ({@code a.tcp} and {@code *.tcp} to {@code a.tcp#1} too), one with it to that
     *         replica only
     */
    public boolean matches(final String server) {
        if (pattern.indexOf('#') < 0 && server.indexOf('#') >= 0) {
            return matches(HostNames.withoutReplica(server));
        }
        final StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return server.matches(re.toString());
    }
}
