package dev.newt.faults;

/** A fault plan or spec is wrong: the message names the fault and the offending field. */
public final class FaultSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the fault and the field */
    public FaultSpecException(final String message) {
        super(message);
    }

    /**
     * @param faultId the fault that is wrong
     * @param problem what is wrong with it, naming the field
     * @return the exception, its message prefixed with the fault
     */
    public static FaultSpecException of(final String faultId, final String problem) {
        return new FaultSpecException("fault '" + faultId + "': " + problem);
    }
}
