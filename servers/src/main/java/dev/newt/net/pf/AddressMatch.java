package dev.newt.net.pf;

import dev.newt.net.wire.Ipv4Address;
import java.util.Objects;

/**
 * An address pattern of a rule: a subnet {@code network/prefixLength}, a single host (prefix 32),
 * or {@link #ANY} (prefix 0).
 *
 * @param network      the subnet; its host bits are cleared
 * @param prefixLength 0..32
 */
public record AddressMatch(Ipv4Address network, int prefixLength) {

    /** Every address. */
    public static final AddressMatch ANY = new AddressMatch(Ipv4Address.ANY, 0);

    /** Validates the prefix and clears the host bits, so that equal patterns are equal records. */
    public AddressMatch {
        Objects.requireNonNull(network, "network");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, was " + prefixLength);
        }
        network = network.network(prefixLength);
    }

    /** @param host one address @return a pattern matching exactly it */
    public static AddressMatch host(final Ipv4Address host) {
        return new AddressMatch(host, 32);
    }

    /**
     * @param text {@code any}, a dotted quad, or a dotted quad with {@code /prefix}
     * @return the pattern
     * @throws IllegalArgumentException if the text is none of these
     */
    public static AddressMatch parse(final String text) {
        if ("any".equals(text)) {
            return ANY;
        }
        final int slash = text.indexOf('/');
        if (slash < 0) {
            return host(Ipv4Address.parse(text));
        }
        final String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad prefix length \"" + len + "\" in \"" + text + "\"");
        }
        return new AddressMatch(Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(len));
    }

    /** @param address a packet's address @return whether it is in the subnet */
    public boolean matches(final Ipv4Address address) {
        return address.inSubnet(network, prefixLength);
    }

    /** @return whether this matches every address */
    public boolean isAny() {
        return prefixLength == 0;
    }

    /** @return the text form: {@code any}, {@code 10.0.0.2} or {@code 10.0.0.0/24} */
    @Override
    public String toString() {
        if (isAny()) {
            return "any";
        }
        return prefixLength == 32 ? network.toString() : network + "/" + prefixLength;
    }
}
