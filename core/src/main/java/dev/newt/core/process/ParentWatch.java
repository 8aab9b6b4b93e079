package dev.newt.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * In a child JVM: ends the child when its parent dies. The parent holds the write end of the
 * child's standard input, which the kernel closes when the parent exits or is killed (even by
 * {@code kill -9}): the child reads end-of-file and halts at once. A second thread also polls the
 * parent's process handle, for a parent that handed its pipe on.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    private static void orphaned(final Path leftovers) {
        if (leftovers != null) {
            try (Stream<Path> files = Files.walk(leftovers)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | RuntimeException e) {
                // Halting anyway: leftovers are only disk space.
            }
        }
        Runtime.getRuntime().halt(4);
    }

    /**
     * Starts watching; daemon threads.
     *
     * @param leftovers the child's directory (its rings and log), removed when the parent is gone,
     *                  since the parent cannot; or null
     */
    public static void start(final Path leftovers) {
        final Thread stdin = new Thread(() -> {
            final InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // The parent writes nothing; any byte is ignored.
                }
            } catch (IOException e) {
                // A broken pipe: the parent is gone as well.
            }
            orphaned(leftovers);
        }, "newt-parent-stdin");
        stdin.setDaemon(true);
        stdin.start();
        ProcessHandle.current().parent().ifPresent(parent -> {
            final Thread poll = new Thread(() -> {
                while (parent.isAlive()) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                orphaned(leftovers);
            }, "newt-parent-poll");
            poll.setDaemon(true);
            poll.start();
        });
    }
}
