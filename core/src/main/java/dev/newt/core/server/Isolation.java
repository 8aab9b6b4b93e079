package dev.newt.core.server;

/**
 * Where a server's code runs, when not in the runtime's own JVM (the default): an isolation makes
 * the object each incarnation runs as, typically a proxy for the server in another process
 * ({@code dev.newt.core.process.ProcessIsolation}). The runtime treats that object as any other
 * server: mailbox, pending requests, checkpoints and supervision stay in the runtime's JVM.
 */
public interface Isolation {

    /**
     * @param spec the server's spec, with this isolation
     * @param <S>  the state type
     * @return the object a new incarnation of the server runs as
     */
    <S> Server<S> serverFor(ServerSpec<S> spec);

    /** @return a short label for status and events, such as {@code process} */
    String label();
}
