package dev.newt.core.server;

/** The state of a server that keeps none. */
public record NoState() {
    /** The one value. */
    public static final NoState INSTANCE = new NoState();
}
