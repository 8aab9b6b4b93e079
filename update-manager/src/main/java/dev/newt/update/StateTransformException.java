package dev.newt.update;

/** A state that cannot be transformed into the new version's schema; names the server and the field. */
public final class StateTransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String server;
    private final String field;

    /**
     * @param server the server being updated
     * @param field  the offending field as a dotted path ({@code limits.max}; {@code *} for every
     *               element of a collection), or empty when the problem is not one field's
     * @param detail what is wrong
     * @param cause  the underlying error, or null
     */
    public StateTransformException(final String server, final String field, final String detail,
                                   final Throwable cause) {
        super("server '" + server + "'" + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + detail, cause);
        this.server = server;
        this.field = field;
    }

    /** @return the server being updated */
    public String server() {
        return server;
    }

    /** @return the offending field's dotted path, or empty */
    public String field() {
        return field;
    }
}
