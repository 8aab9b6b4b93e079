package dev.newt.core.exec;

/**
 * Hears about bugs in the runtime itself, as Agrona's {@code AgentRunner} takes an
 * {@code ErrorHandler}: an exception that escaped an agent's duty cycle or a timer action. A
 * server's own failures never get here (the runtime catches them and supervises the server). The
 * runtime's default records a {@code runtime-error} event (see {@code NewtRuntime.Builder.onRuntimeError}).
 *
 * <p>Called on the thread that caught the error; must not throw, and must be quick.
 */
@FunctionalInterface
public interface ErrorHandler {

    /** Prints to standard error: for executors used without a runtime. */
    ErrorHandler PRINT = (where, error) -> {
        System.err.println("newt: runtime error in " + where);
        error.printStackTrace();
    };

    /**
     * @param where the agent's role name ({@link Agent#roleName()}), or {@code timers}
     * @param error what was thrown
     */
    void onError(String where, Throwable error);
}
