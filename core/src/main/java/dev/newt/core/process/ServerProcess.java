package dev.newt.core.process;

import dev.newt.core.channel.FrameIn;
import dev.newt.core.channel.FrameOut;
import dev.newt.core.channel.RingChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The parent's side of one child JVM that runs a server: the process, the ring to it (its mailbox
 * and the answers to its questions) and the ring from it (effects, answers, heartbeats on the
 * inbound ring's trailer), in a directory of their own that {@link #close} removes. Used by one
 * thread at a time: the server's worker.
 */
final class ServerProcess implements AutoCloseable {
    /** Bytes per ring: a record may take an eighth. */
    static final int RING_BYTES = 4 << 20;

    private final Path dir;
    private final Process process;
    final RingChannel toChild;
    final RingChannel fromChild;
    final FrameOut out = new FrameOut();
    final FrameIn in = new FrameIn();
    private volatile boolean ready;
    private final java.util.concurrent.CompletableFuture<Void> death = new java.util.concurrent.CompletableFuture<>();
    /** Why the parent killed it, or null. */
    private volatile String killedFor;
    final long startedNanos = System.nanoTime();

    private ServerProcess(final Path dir, final Process process, final RingChannel toChild, final RingChannel fromChild) {
        this.dir = dir;
        this.process = process;
        this.toChild = toChild;
        this.fromChild = fromChild;
    }

    /** Starts a child JVM with fresh rings; it is ready once it has sent READY (see {@link #awaitReady}). */
    static ServerProcess spawn(final JavaLauncher launcher) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(RingChannel.sharedMemoryDirectory(), "newt-proc-");
            final RingChannel to = RingChannel.create(dir.resolve("to-child.ring"), RING_BYTES);
            final RingChannel from = RingChannel.create(dir.resolve("from-child.ring"), RING_BYTES);
            final Process p = launcher.start(ChildMain.class, ProcessBuilder.Redirect.PIPE,
                List.of(to.file().toString(), from.file().toString()));
            final ServerProcess sp = new ServerProcess(dir, p, to, from);
            sp.watchOutput(dir.resolve("child.log"));
            return sp;
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("cannot make the rings of a server process: " + e.getMessage(), e);
        }
    }

    /**
     * Copies the child's output to its log on a thread of its own, whose end of file is the child's
     * death: the kernel closes a dying process's pipes before its parent can reap it, and this
     * thread runs the death's listeners at once, where {@code Process.onExit} would first wait for
     * the JDK's reaper and then hop to the common pool (each wake-up a wait for a core on a loaded
     * machine). {@code onExit} stays as a fallback.
     */
    private void watchOutput(final Path log) {
        final Thread t = new Thread(() -> {
            try (var in = process.getInputStream();
                 var out = Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.APPEND)) {
                final byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // The log's directory removed, or the pipe broken: either way the child is going.
            }
            death.complete(null);
        }, "newt-child-output-" + process.pid());
        t.setDaemon(true);
        t.start();
        process.onExit().thenRun(() -> death.complete(null));
    }

    /** Runs {@code listener} once the child is gone (at once if it is), on the thread that sees it go. */
    void onDeath(final Runnable listener) {
        death.thenRun(listener);
    }

    /** @return the child's process id */
    long pid() {
        return process.pid();
    }

    /** @return the child's process */
    Process process() {
        return process;
    }

    boolean alive() {
        return process.isAlive();
    }

    boolean ready() {
        return ready;
    }

    /**
     * Waits for the child's READY, bounded.
     *
     * @throws ServerProcessDied if it dies or does not come up in time
     */
    void awaitReady(final long timeoutNanos) {
        if (ready) {
            return;
        }
        final long deadline = System.nanoTime() + timeoutNanos;
        final Waiter w = new Waiter();
        while (true) {
            final int type = fromChild.poll(in);
            if (type == Frames.READY) {
                ready = true;
                return;
            }
            if (type != 0) {
                throw new IllegalStateException("server process " + pid() + " sent record " + type + " before READY");
            }
            if (w.idle()) {
                if (!alive()) {
                    throw died();
                }
                if (System.nanoTime() > deadline) {
                    kill("did not start within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                    throw died();
                }
            }
        }
    }

    /** Sends the record in {@link #out}, waiting while the ring is full (the child reads it or dies). */
    void send(final int type) {
        final Waiter w = new Waiter();
        while (!toChild.offer(type, out)) {
            if (w.idle() && !alive()) {
                throw died();
            }
        }
    }

    /** Kills it (SIGKILL), saying why; its death is then detected as any other. */
    void kill(final String why) {
        if (killedFor == null) {
            killedFor = why;
        }
        process.destroyForcibly();
    }

    /** @return the child's latest heartbeat, in milliseconds of the wall clock; 0 before its first */
    long heartbeat() {
        return toChild.heartbeat();
    }

    /** @return the exception that says this process died, and how */
    ServerProcessDied died() {
        final String how;
        try {
            // Seen dead by the process handle, the exit code may be a moment behind: wait for it, bounded.
            process.waitFor(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            how = "is unresponsive";
        } else {
            final int code = process.exitValue();
            how = "exited with " + code + (code == 3 ? " (OutOfMemoryError)" : code == 137 ? " (killed)" : "");
        }
        final String why = killedFor;
        return new ServerProcessDied("server process " + pid() + " " + how + (why == null ? "" : ": killed by the parent, " + why));
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The rings stay mapped until the collector frees them: another thread (a worker waiting in
        // the process, the heartbeat watch) may still read them, and a read of unmapped memory
        // crashes the JVM. The files go now; the memory goes with the last mapping.
        delete(dir);
    }

    private static void delete(final Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Best effort: a ring directory left behind is only disk space.
        }
    }
}
