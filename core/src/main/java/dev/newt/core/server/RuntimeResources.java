package dev.newt.core.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Objects a runtime owns on behalf of its servers and clients, outside every server's state, one
 * per type: what a kernel, not a process, would own (the network stack's exposed socket rings).
 * Created on first use; those that are {@link AutoCloseable} are closed when the runtime closes, so
 * nothing outlives it. The type's class must be loaded by the runtime's loader (never a server
 * image's), or a server of an image would not find the same object.
 */
public final class RuntimeResources {
    private final Map<Class<?>, Object> byType = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param type   the resource's type, its key
     * @param create makes it on first use
     * @param <T>    the type
     * @return the runtime's one object of that type
     */
    public <T> T get(final Class<T> type, final Supplier<? extends T> create) {
        return type.cast(byType.computeIfAbsent(type, t -> create.get()));
    }

    /** @return whether the runtime has closed its resources */
    public boolean closed() {
        return closed;
    }

    /**
     * Closes every resource that is {@link AutoCloseable}; a failure of one does not stop the
     * others. The runtime calls it when it closes.
     */
    public void close() {
        closed = true;
        final List<Object> all = new ArrayList<>(byType.values());
        byType.clear();
        for (Object o : all) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Best effort: the runtime is going away; the others are still closed.
                }
            }
        }
    }
}
