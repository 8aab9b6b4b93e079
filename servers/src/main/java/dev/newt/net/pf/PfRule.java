package dev.newt.net.pf;

import java.util.Objects;

/**
 * One filter rule. A packet matches when every part agrees; the first matching rule decides.
 * The text form ({@link PfRuleParser}) reads
 * {@code <allow|deny> <in|out|any> [udp|tcp|icmp|any] [from <addr> [port <p>]] [to <addr> [port <p>]]}.
 *
 * @param action           what to do with a matching packet
 * @param direction        which way it must cross the filter
 * @param protocol         its protocol
 * @param source           pattern for its source address
 * @param sourcePorts      pattern for its source port
 * @param destination      pattern for its destination address
 * @param destinationPorts pattern for its destination port
 */
public record PfRule(PfAction action, PfDirection direction, PfProtocol protocol, AddressMatch source,
                     PortRange sourcePorts, AddressMatch destination, PortRange destinationPorts) {

    /** Rejects nulls. */
    public PfRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourcePorts, "sourcePorts");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(destinationPorts, "destinationPorts");
    }

    /**
     * @param text one rule in the text form
     * @return the rule
     * @throws PfRuleException naming rule 1 and the offending word
     */
    public static PfRule parse(final String text) {
        return PfRuleParser.parse(text, 1);
    }

    /** @param p a packet @return whether this rule applies to it */
    public boolean matches(final PfPacket p) {
        return direction.matches(p.direction()) && protocol.matches(p.protocol())
            && source.matches(p.source()) && sourcePorts.matches(p.sourcePort())
            && destination.matches(p.destination()) && destinationPorts.matches(p.destinationPort());
    }

    /** @return the rule in its text form, which parses back to an equal rule */
    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder(action.word()).append(' ').append(direction.word())
            .append(' ').append(protocol.word());
        if (!source.isAny() || !sourcePorts.isAny()) {
            b.append(" from ").append(source);
            if (!sourcePorts.isAny()) {
                b.append(" port ").append(sourcePorts);
            }
        }
        if (!destination.isAny() || !destinationPorts.isAny()) {
            b.append(" to ").append(destination);
            if (!destinationPorts.isAny()) {
                b.append(" port ").append(destinationPorts);
            }
        }
        return b.toString();
    }
}
