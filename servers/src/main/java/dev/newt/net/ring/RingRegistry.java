package dev.newt.net.ring;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RuntimeResources;
import dev.newt.core.server.ServerContext;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exposed socket rings of one runtime, by id: a runtime resource ({@link RuntimeResources}),
 * so the applications (through their {@link NewtClient}) and every sock server of the runtime
 * (through its context) find the same table, and nothing of one runtime is seen by another. Rings
 * leave it when the application closes its socket, when sock's connection ends (closed, or
 * forgotten by a fresh tcp), and all at once when the runtime closes: an application that never
 * closes its socket leaks its rings no longer than its runtime lives.
 */
public final class RingRegistry implements AutoCloseable {
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, SocketRings> open = new ConcurrentHashMap<>();

    /** A table of its own, outside any runtime (tests; a context without a runtime gets one such). */
    public RingRegistry() {
    }

    /** @param resources a runtime's resources @return its table of rings */
    public static RingRegistry of(final RuntimeResources resources) {
        return resources.get(RingRegistry.class, RingRegistry::new);
    }

    /** @param ctx a server's context @return its runtime's table of rings */
    public static RingRegistry of(final ServerContext ctx) {
        return of(ctx.resources());
    }

    /** @param client an application's client @return its runtime's table of rings */
    public static RingRegistry of(final NewtClient client) {
        return of(client.resources());
    }

    /** @param runtime a runtime @return its table of rings */
    public static RingRegistry of(final NewtRuntime runtime) {
        return of(runtime.resources());
    }

    /**
     * Opens and registers a pair of rings.
     *
     * @param capacity each ring's capacity, a power of two of at least 16
     * @return the rings, found by {@link #find} until released
     */
    public SocketRings open(final int capacity) {
        final SocketRings r = new SocketRings(this, ids.incrementAndGet(), capacity);
        open.put(r.id(), r);
        return r;
    }

    /**
     * @param id an id from {@link SocketRings#id()}
     * @return the rings, unless released
     */
    public Optional<SocketRings> find(final long id) {
        return Optional.ofNullable(open.get(id));
    }

    /**
     * Unregisters rings: sock no longer finds them (whoever holds them may still read what is left
     * in them). Idempotent.
     *
     * @param id an id from {@link SocketRings#id()}
     */
    public void release(final long id) {
        open.remove(id);
    }

    /** @return how many pairs are registered */
    public int openCount() {
        return open.size();
    }

    /** The runtime closes: every pair is released, and fails for whoever still holds it. */
    @Override
    public void close() {
        for (SocketRings r : open.values()) {
            r.fail("CLOSED", "the runtime closed");
        }
        open.clear();
    }
}
