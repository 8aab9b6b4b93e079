package dev.newt.net.pf;

/** What a packet filter rule, or the filter's default, does with a packet. */
public enum PfAction {
    /** Let the packet through. */
    ALLOW,
    /** Drop the packet and count it as blocked. */
    DENY;

    /** @return the word of the rule text form: {@code allow} or {@code deny} */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
