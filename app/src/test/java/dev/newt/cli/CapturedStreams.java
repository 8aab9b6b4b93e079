package dev.newt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures {@code System.out} and {@code System.err} while a command runs, for tests of what it prints. */
final class CapturedStreams {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    /** Redirects both streams; call {@link #restore()} after. */
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Puts the original streams back. */
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** Forgets what was printed to standard error so far. */
    void clearErr() {
        err.reset();
    }

    /** @return everything printed to standard output so far */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return everything printed to standard error so far */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
