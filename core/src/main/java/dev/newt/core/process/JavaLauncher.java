package dev.newt.core.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM on this JVM's own classpath, with the options every child gets: out of memory
 * exits the child ({@code -XX:+ExitOnOutOfMemoryError}) instead of leaving it half alive, no
 * {@code hsperfdata} file; its output goes to a log file. Its standard input stays a pipe from this
 * process, so that the child sees end-of-file when its parent dies, however it dies.
 */
public final class JavaLauncher {
    /** What Agrona's rings need from the JDK: they read memory through {@code jdk.internal.misc.Unsafe}. */
    public static final String AGRONA_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private final List<String> jvmOptions;

    /** @param jvmOptions options added to every child's command line (heap size, ...) */
    public JavaLauncher(final List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * @param mainClass the child's main class, on this JVM's classpath
     * @param log       where the child's standard output and error go (appended)
     * @param args      its arguments
     * @return the started process
     */
    public Process start(final Class<?> mainClass, final Path log, final List<String> args) {
        return start(mainClass, ProcessBuilder.Redirect.appendTo(log.toFile()), args);
    }

    /**
     * @param mainClass the child's main class, on this JVM's classpath
     * @param output    where the child's standard output and error go ({@code PIPE}: to be read
     *                  from the process, whose end of file then says that the child is gone)
     * @param args      its arguments
     * @return the started process
     */
    public Process start(final Class<?> mainClass, final ProcessBuilder.Redirect output, final List<String> args) {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:-UsePerfData");
        cmd.add(AGRONA_EXPORTS);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM (" + mainClass.getName() + "): " + e.getMessage(), e);
        }
    }
}
