package dev.newt.campaign.run;

import dev.newt.results.Outcome;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The progress line on stderr: done/total, outcomes so far and the ETA. On a terminal it is one
 * line rewritten in place (a carriage return, no colour codes); otherwise a plain line is printed
 * every {@link #PLAIN_EVERY_MILLIS} ms and at the end, so logs stay readable.
 */
final class Progress {
    static final long PLAIN_EVERY_MILLIS = 10_000;
    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final long start = System.nanoTime();
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final int alreadyDone;
    private int done;
    private long lastPrint;

    Progress(final PrintStream out, final boolean terminal, final int total, final int alreadyDone) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.done = alreadyDone;
    }

    synchronized void finished(final Outcome o) {
        done++;
        counts.merge(o, 1, Integer::sum);
        final long now = System.nanoTime();
        if (terminal) {
            out.print("\r" + line() + "   ");
            out.flush();
        } else if (now - lastPrint > PLAIN_EVERY_MILLIS * 1_000_000 || done == total) {
            out.println(line());
            lastPrint = now;
        }
    }

    synchronized void end() {
        if (terminal) {
            out.println();
        }
    }

    synchronized String line() {
        final long elapsed = System.nanoTime() - start;
        final int ranHere = done - alreadyDone;
        final String eta = done >= total || ranHere <= 0 ? "-" : seconds((long) ((double) elapsed / ranHere
            * (total - done)));
        final String outcomes = counts.entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue())
            .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "[%d/%d] %s | elapsed %s, eta %s", done, total,
            outcomes.isEmpty() ? "-" : outcomes, seconds(elapsed), eta);
    }

    private static String seconds(final long nanos) {
        final long s = nanos / 1_000_000_000L;
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
