package dev.newt.campaign.spec;

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
 */
public record ServerSettings(String pattern, String recovery, Integer checkpointEvery, Integer restarts,
                             Duration window, Duration hangDeadline) {
    /** @param server a server name @return whether these settings apply to it */
    public boolean matches(final String server) {
        final StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return server.matches(re.toString());
    }
}
