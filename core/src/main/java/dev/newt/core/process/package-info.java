/**
 * Process isolation: a server runs in a child JVM ({@link dev.newt.core.process.ProcessIsolation},
 * {@link dev.newt.core.process.ServerRecipe}) while its slot, mailbox, pending requests, timers and
 * checkpoints stay in the parent's runtime; a proxy incarnation carries the handler's effects out
 * there. The supervisor recovers a child that exits, is killed, runs out of memory or stops
 * heart-beating; warm spares spare a restart the JVM's boot; a child exits when its parent dies. A
 * live update starts the new version (its own recipe) in a fresh child and retires the old one's.
 * See "Process isolation" in docs/ARCHITECTURE.md.
 */
package dev.newt.core.process;
