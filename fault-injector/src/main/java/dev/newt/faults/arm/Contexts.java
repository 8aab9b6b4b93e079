package dev.newt.faults.arm;

import dev.newt.core.server.ServerContext;

/** The context of the handler running on this thread, if any: woven code may run outside handlers. */
final class Contexts {
    private Contexts() {
    }

    static ServerContext currentOrNull() {
        try {
            return ServerContext.current();
        } catch (IllegalStateException outsideAHandler) {
            return null;
        }
    }
}
