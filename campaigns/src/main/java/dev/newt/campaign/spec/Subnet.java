package dev.newt.campaign.spec;

/**
 * A host's IPv4 address and prefix as written ({@code 10.0.0.1/24}), checked: four numbers 0 to 255
 * and a prefix length 1 to 32.
 *
 * @param address the address as a 32-bit number
 * @param prefix  the prefix length
 */
record Subnet(int address, int prefix) {
    /** @param text such as {@code 10.0.0.1/24} @return the subnet, or {@code null} when it is not one */
    static Subnet parse(final String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            return null;
        }
        final String[] parts = text.split("/");
        final int prefix = Integer.parseInt(parts[1]);
        if (prefix < 1 || prefix > 32) {
            return null;
        }
        int a = 0;
        for (String octet : parts[0].split("\\.")) {
            final int v = Integer.parseInt(octet);
            if (v > 255) {
                return null;
            }
            a = a << 8 | v;
        }
        return new Subnet(a, prefix);
    }

    /** @param other an address @return whether it lies in this subnet */
    boolean contains(final int other) {
        final int mask = prefix == 32 ? -1 : ~(-1 >>> prefix);
        return (address & mask) == (other & mask);
    }

    /** @return the address alone, dotted */
    String addressText() {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    @Override
    public String toString() {
        return addressText() + "/" + prefix;
    }
}
