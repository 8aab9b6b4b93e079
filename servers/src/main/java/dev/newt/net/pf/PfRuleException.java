package dev.newt.net.pf;

/** A rule text that does not parse; the message names the rule number and the offending word. */
public final class PfRuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int ruleNumber;
    private final String word;

    /**
     * @param ruleNumber the rule's number, from 1, in the order given
     * @param word       the offending word, or the last word when one is missing
     * @param problem    what is wrong with it
     */
    public PfRuleException(final int ruleNumber, final String word, final String problem) {
        super("rule " + ruleNumber + ": " + problem);
        this.ruleNumber = ruleNumber;
        this.word = word;
    }

    /** @return the rule's number, from 1 */
    public int ruleNumber() {
        return ruleNumber;
    }

    /** @return the offending word */
    public String word() {
        return word;
    }
}
