package dev.newt.campaign.yaml;

/**
 * A YAML scalar: its text as written and the type the YAML parser gave it.
 *
 * @param location where it is
 * @param text     the text ({@code null} for a YAML null)
 * @param type     what kind of scalar
 */
public record ScalarNode(Location location, String text, Type type) implements Node {
    /** The kinds of scalar. */
    public enum Type {
        /** A string (quoted or plain). */
        STRING,
        /** An integer. */
        INTEGER,
        /** A floating-point number. */
        FLOAT,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** {@code null}, {@code ~} or nothing. */
        NULL
    }

    @Override
    public String describe() {
        return switch (type) {
            case STRING -> "the string '" + text + "'";
            case INTEGER, FLOAT -> "the number " + text;
            case BOOLEAN -> text;
            case NULL -> "nothing (null)";
        };
    }
}
