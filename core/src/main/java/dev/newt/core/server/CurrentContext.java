package dev.newt.core.server;

/** Holds the context of the handler running on each thread, for code woven into servers. */
public final class CurrentContext {
    static final ThreadLocal<ServerContext> HOLDER = new ThreadLocal<>();

    private CurrentContext() {
    }

    /**
     * Sets or clears the calling thread's current context; called by the runtime only.
     *
     * @param ctx the context of the handler about to run, or {@code null} after it returns
     */
    public static void set(final ServerContext ctx) {
        // set(null), not remove(): remove() would allocate a new map entry on the next message.
        HOLDER.set(ctx);
    }
}
