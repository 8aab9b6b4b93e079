package dev.newt.net.pf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A packet filter's configuration: ordered rules (the first match wins), the action for a packet
 * no rule matches, and connection tracking. Configuration, not state: every incarnation of the
 * filter gets the same rules.
 *
 * <p>With {@code keepState}, a packet allowed out creates or refreshes a flow, and so does a
 * packet allowed in by a rule (not by the default action); an inbound packet of a live flow
 * (addresses and ports reversed) passes before any rule is consulted, and an outbound packet of
 * one passes even if the rules deny it. So {@code allow out udp} with a default of {@code deny}
 * lets replies in and nothing else, and {@code allow in tcp to any port 80} with a default of
 * {@code deny} lets a server's SYN-ACK and the rest of its connections out. A flow dies after
 * {@code idleTimeout} without packets out or in.
 *
 * @param rules         the rules, in order
 * @param defaultAction what to do with a packet no rule matches
 * @param keepState     whether to track flows
 * @param idleTimeout   how long a flow lives without packets; positive
 * @param maxFlows      most flows tracked at once; beyond it new flows are not tracked (counted)
 */
public record PfRules(List<PfRule> rules, PfAction defaultAction, boolean keepState, Duration idleTimeout,
                      int maxFlows) {

    /** Idle timeout of a flow unless configured: 60 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Flow table bound unless configured. */
    public static final int DEFAULT_MAX_FLOWS = 4096;

    /** Copies the rules and validates the settings. */
    public PfRules {
        rules = List.copyOf(rules);
        Objects.requireNonNull(defaultAction, "defaultAction");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("flow idle timeout must be positive, was " + idleTimeout);
        }
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be >= 1, was " + maxFlows);
        }
    }

    /** @return no rules, default allow, flows tracked: a filter that passes everything */
    public static PfRules allowAll() {
        return new PfRules(List.of(), PfAction.ALLOW, true, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_FLOWS);
    }

    /**
     * Parses rules, one per line; blank lines and {@code #} comments are skipped, and rules are
     * numbered from 1 in the order they appear. Flows are tracked with the default timeout.
     *
     * @param defaultAction what to do with a packet no rule matches
     * @param text          the rules
     * @return the configuration
     * @throws PfRuleException naming the first bad rule's number and word
     */
    public static PfRules parse(final PfAction defaultAction, final String text) {
        final List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            final int hash = line.indexOf('#');
            final String rule = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!rule.isEmpty()) {
                lines.add(rule);
            }
        }
        return of(defaultAction, lines.toArray(String[]::new));
    }

    /**
     * @param defaultAction what to do with a packet no rule matches
     * @param rules         rules in the text form, numbered from 1 in this order
     * @return the configuration, flows tracked with the default timeout
     * @throws PfRuleException naming the first bad rule's number and word
     */
    public static PfRules of(final PfAction defaultAction, final String... rules) {
        final List<PfRule> parsed = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            parsed.add(PfRuleParser.parse(rules[i], i + 1));
        }
        return new PfRules(parsed, defaultAction, true, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_FLOWS);
    }

    /** @param on whether to track flows @return a copy with that setting */
    public PfRules withKeepState(final boolean on) {
        return new PfRules(rules, defaultAction, on, idleTimeout, maxFlows);
    }

    /** @param timeout how long a flow lives without packets @return a copy with that setting */
    public PfRules withIdleTimeout(final Duration timeout) {
        return new PfRules(rules, defaultAction, keepState, timeout, maxFlows);
    }

    /** @param max most flows tracked at once @return a copy with that setting */
    public PfRules withMaxFlows(final int max) {
        return new PfRules(rules, defaultAction, keepState, idleTimeout, max);
    }

    /**
     * @param packet a packet
     * @return the action of the first rule that matches it, or the default
     */
    public PfAction decide(final PfPacket packet) {
        final PfRule r = firstMatch(packet);
        return r == null ? defaultAction : r.action();
    }

    /**
     * @param packet a packet
     * @return the first rule that matches it, or null when the default action decides
     */
    public PfRule firstMatch(final PfPacket packet) {
        for (PfRule r : rules) {
            if (r.matches(packet)) {
                return r;
            }
        }
        return null;
    }
}
