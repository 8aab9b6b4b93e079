package dev.newt.net.pf;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the rule text form:
 * <pre>
 * rule  := action direction [protocol] [from addr [port ports]] [to addr [port ports]]
 * action := allow | deny          direction := in | out | any
 * protocol := udp | tcp | icmp | any
 * addr  := any | a.b.c.d | a.b.c.d/len     ports := p | p-q
 * </pre>
 * for example {@code allow out udp to 10.0.0.2 port 7}, {@code deny in any},
 * {@code allow in tcp to any port 80}. Words are case-insensitive. A port needs a protocol that
 * has ports or {@code any} (which then matches only UDP and TCP).
 */
final class PfRuleParser {
    private final List<String> words;
    private final int number;
    private int next;

    private PfRuleParser(final String text, final int number) {
        final String t = text.strip();
        this.words = t.isEmpty() ? List.of() : Arrays.asList(t.toLowerCase(Locale.ROOT).split("\\s+"));
        this.number = number;
    }

    /**
     * @param text   one rule
     * @param number its number, for errors
     * @return the rule
     * @throws PfRuleException naming the rule and the offending word
     */
    static PfRule parse(final String text, final int number) {
        return new PfRuleParser(text, number).rule();
    }

    private PfRule rule() {
        if (words.isEmpty()) {
            throw new PfRuleException(number, "", "empty rule; expected allow or deny");
        }
        final PfAction action = switch (take()) {
            case "allow" -> PfAction.ALLOW;
            case "deny" -> PfAction.DENY;
            default -> throw bad("expected allow or deny");
        };
        if (!more()) {
            throw missing("in, out or any");
        }
        final PfDirection direction = switch (take()) {
            case "in" -> PfDirection.IN;
            case "out" -> PfDirection.OUT;
            case "any" -> PfDirection.ANY;
            default -> throw bad("expected in, out or any");
        };
        PfProtocol protocol = PfProtocol.ANY;
        if (more() && !peek().equals("from") && !peek().equals("to")) {
            protocol = switch (take()) {
                case "udp" -> PfProtocol.UDP;
                case "tcp" -> PfProtocol.TCP;
                case "icmp" -> PfProtocol.ICMP;
                case "any" -> PfProtocol.ANY;
                default -> throw bad("expected udp, tcp, icmp, any, from or to");
            };
        }
        AddressMatch src = AddressMatch.ANY;
        PortRange srcPorts = PortRange.ANY;
        AddressMatch dst = AddressMatch.ANY;
        PortRange dstPorts = PortRange.ANY;
        if (more() && peek().equals("from")) {
            take();
            src = address();
            srcPorts = ports(protocol);
        }
        if (more() && peek().equals("to")) {
            take();
            dst = address();
            dstPorts = ports(protocol);
        }
        if (more()) {
            final String w = take();
            throw bad(w.equals("port") ? "a port must follow 'from <addr>' or 'to <addr>'"
                : "unexpected word; a rule ends after 'from <addr> [port <p>]' and 'to <addr> [port <p>]'");
        }
        return new PfRule(action, direction, protocol, src, srcPorts, dst, dstPorts);
    }

    private AddressMatch address() {
        if (!more()) {
            throw missing("an address or any");
        }
        final String w = take();
        try {
            return AddressMatch.parse(w);
        } catch (IllegalArgumentException e) {
            throw bad("not an address: " + e.getMessage());
        }
    }

    private PortRange ports(final PfProtocol protocol) {
        if (!more() || !peek().equals("port")) {
            return PortRange.ANY;
        }
        take();
        if (protocol == PfProtocol.ICMP) {
            throw bad("icmp has no ports");
        }
        if (!more()) {
            throw missing("a port or a range such as 1024-65535");
        }
        final String w = take();
        try {
            return PortRange.parse(w);
        } catch (IllegalArgumentException e) {
            throw bad("not a port or port range: " + e.getMessage());
        }
    }

    private boolean more() {
        return next < words.size();
    }

    private String peek() {
        return words.get(next);
    }

    private String take() {
        return words.get(next++);
    }

    /** An error about the word just taken. */
    private PfRuleException bad(final String problem) {
        final String w = words.get(next - 1);
        return new PfRuleException(number, w, "'" + w + "' (word " + next + "): " + problem);
    }

    /** An error about a word missing after the last one. */
    private PfRuleException missing(final String expected) {
        final String w = words.get(next - 1);
        return new PfRuleException(number, w, "expected " + expected + " after '" + w + "'");
    }
}
