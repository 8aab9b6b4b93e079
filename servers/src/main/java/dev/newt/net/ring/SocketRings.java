package dev.newt.net.ring;


/**
 * The two rings of one exposed stream socket: {@link #send()} (the application produces, the stack
 * consumes) and {@link #receive()} (the stack produces, the application consumes), with what the
 * stack tells the reader besides bytes: the end of the stream and an error.
 *
 * <p>Owned outside every server. They are registered under an id in their runtime's
 * {@link RingRegistry} (a runtime resource, its class loaded by the parent loader, never by a
 * server image), as shared memory is the kernel's and not a process's: sock's checkpointed state
 * holds only the id and positions, a restarted sock finds the same rings by the id, and the bytes
 * in them survive any crash of sock or tcp. The application that opened them removes them when it
 * closes the socket ({@link #close()}); sock when the connection ends; the runtime when it closes.
 */
public final class SocketRings implements AutoCloseable {
    /** Capacity of each ring unless told otherwise: four of tcp's default windows. */
    public static final int DEFAULT_CAPACITY = 256 * 1024;

    private final RingRegistry registry;
    private final long id;
    private final ByteRing send;
    private final ByteRing receive;
    private volatile boolean eof;
    private volatile String errorCode;
    private volatile String error;

    SocketRings(final RingRegistry registry, final long id, final int capacity) {
        this.registry = registry;
        this.id = id;
        this.send = new ByteRing(capacity);
        this.receive = new ByteRing(capacity);
    }

    /** @return the id sock's state knows them by */
    public long id() {
        return id;
    }

    /** @return the application-to-stack ring */
    public ByteRing send() {
        return send;
    }

    /** @return the stack-to-application ring */
    public ByteRing receive() {
        return receive;
    }

    /** The stack: every byte before the peer's end of stream is in the receive ring. */
    public void markEof() {
        eof = true;
    }

    /** @return whether the peer's end of stream follows the bytes in the receive ring */
    public boolean eof() {
        return eof;
    }

    /**
     * The stack: the connection failed; the first failure stays.
     *
     * @param code    tcp's or sock's error code ({@code RESET}, {@code BAD_SOCKET}, ...)
     * @param message what happened
     */
    public void fail(final String code, final String message) {
        if (error == null) {
            errorCode = code;
            error = message;
        }
    }

    /** @return why the connection failed, or null */
    public String error() {
        return error;
    }

    /** @return the code of {@link #error()}, or null */
    public String errorCode() {
        return errorCode;
    }

    /** Unregisters the rings from their registry: sock no longer finds them. */
    @Override
    public void close() {
        registry.release(id);
    }

    @Override
    public String toString() {
        return "SocketRings[" + id + ", send " + send + ", receive " + receive + (eof ? ", eof" : "")
            + (error == null ? "" : ", " + error) + "]";
    }
}
