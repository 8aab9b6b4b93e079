package dev.newt.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;

/**
 * A handler threw: the incarnation is dead.
 *
 * @param time    when
 * @param server  which server
 * @param epoch   the dead incarnation
 * @param error   the exception class
 * @param message the exception message, or empty
 * @param during  the payload type of the message being handled, or the lifecycle hook
 * @param frames  the top frames of the server's own code where it was thrown, innermost first, such as
 *                {@code dev.newt.net.tcp.TcpServer.handle(TcpServer.java:120)}; frames of the JDK and of
 *                the runtime are left out; empty in logs written before this field
 */
public record ServerCrashed(long time, String server, long epoch, String error, String message, String during,
                            List<String> frames) implements Event {
    /** Frames kept: enough to say where, few enough to read in a table. */
    public static final int FRAMES = 5;
    /** Code inside the server's that is not its own: the JDK, and the fault injector's helpers. */
    private static final List<String> NOT_SERVER = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
        "dev.newt.faults.", "net.bytebuddy.");
    /** The runtime that called the handler: the server's own frames end where it begins. */
    private static final List<String> RUNTIME = List.of("dev.newt.core.runtime.", "dev.newt.core.exec.");

    /** Copies the frames; a log written before they were recorded reads as none. */
    @JsonCreator
    public ServerCrashed {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    /** A crash without frames (tests, and the shape of older logs). */
    public ServerCrashed(final long time, final String server, final long epoch, final String error,
                         final String message, final String during) {
        this(time, server, epoch, error, message, during, List.of());
    }

    /**
     * @param time   when
     * @param server which server
     * @param epoch  the dead incarnation
     * @param thrown what the handler threw
     * @param during the payload type being handled, or the lifecycle hook
     * @return the event, with the top {@value #FRAMES} frames of the server's own code (above the runtime's)
     */
    public static ServerCrashed of(final long time, final String server, final long epoch, final Throwable thrown,
                                   final String during) {
        return new ServerCrashed(time, server, epoch, thrown.getClass().getName(), String.valueOf(thrown.getMessage()),
            during, serverFrames(thrown));
    }

    /** @param thrown an exception @return the innermost frames of code that is not the JDK's or the runtime's */
    static List<String> serverFrames(final Throwable thrown) {
        final List<String> out = new ArrayList<>(FRAMES);
        for (StackTraceElement f : thrown.getStackTrace()) {
            if (out.size() == FRAMES || RUNTIME.stream().anyMatch(f.getClassName()::startsWith)) {
                break;
            }
            if (NOT_SERVER.stream().noneMatch(f.getClassName()::startsWith)) {
                // Written without the class loader and module prefixes of StackTraceElement.toString.
                out.add(f.getClassName() + "." + f.getMethodName() + "(" + (f.getFileName() == null ? "Unknown Source"
                    : f.getFileName() + (f.getLineNumber() >= 0 ? ":" + f.getLineNumber() : "")) + ")");
            }
        }
        return out;
    }

    /** @return where it crashed, in one line: {@code IllegalStateException: boom at A.b(A.java:3) < C.d(C.java:9)} */
    public String where() {
        final String simple = error == null ? "?" : error.substring(error.lastIndexOf('.') + 1);
        return simple + ": " + message + (frames.isEmpty() ? "" : " at " + String.join(" < ", frames));
    }
}
