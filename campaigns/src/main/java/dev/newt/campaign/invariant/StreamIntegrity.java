package dev.newt.campaign.invariant;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.results.Outcome;
import java.util.HashMap;
import java.util.Map;

/**
 * Every byte a stream delivered is the right byte, in order, and every answer is right: the workloads
 * check each byte against its seeded pattern as it arrives and count the wrong ones, so a
 * {@code workload-metric} bin or a {@code workload-summary} with a wrong-data count above zero
 * ({@code corrupted}, {@code bytesCorrupted}, {@code mismatched}, a {@code firstBadOffset}) breaks it,
 * and so does a bulk receiver's {@code totalBytes} going down (bytes taken back), or a stream that
 * ended cleanly short of its bytes. Seen in the bin in which it happened (100 ms wide at most), not at
 * the end of the run.
 */
public final class StreamIntegrity implements Invariant {
    private final Map<String, Long> delivered = new HashMap<>();

    @Override
    public String name() {
        return "stream-integrity";
    }

    @Override
    public Violation check(final Event e) {
        if (!(e instanceof CustomEvent c) || !(c.kind().equals(EventKinds.WORKLOAD_METRIC)
            || c.kind().equals(EventKinds.WORKLOAD_SUMMARY))) {
            return null;
        }
        final Map<String, Object> f = c.fields();
        for (String k : new String[] {"corrupted", "bytesCorrupted", "mismatched"}) {
            if (number(f, k) > 0) {
                return new Violation(name(), Outcome.CORRUPTED, c.server() + " saw wrong data: " + k + " "
                    + number(f, k) + (f.get("firstBadOffset") instanceof Number n && n.longValue() >= 0
                    ? " (first bad byte at offset " + n + ")" : ""), e);
            }
        }
        if (f.get("firstBadOffset") instanceof Number n && n.longValue() >= 0) {
            return new Violation(name(), Outcome.CORRUPTED, c.server() + " saw a wrong byte at offset " + n, e);
        }
        if (f.get("totalBytes") instanceof Number n) {
            final Long before = delivered.put(c.server(), n.longValue());
            if (before != null && n.longValue() < before) {
                return new Violation(name(), Outcome.CORRUPTED, c.server() + "'s delivered bytes went back from "
                    + before + " to " + n, e);
            }
        }
        if (Boolean.TRUE.equals(f.get("eof")) && f.get("bytesExpected") instanceof Number want
            && number(f, "bytesReceived") < want.longValue() && number(f, "errorCount") == 0) {
            return new Violation(name(), Outcome.CORRUPTED, c.server() + "'s stream ended cleanly after "
                + number(f, "bytesReceived") + " of " + want + " bytes", e);
        }
        return null;
    }

    static long number(final Map<String, Object> f, final String k) {
        return f.get(k) instanceof Number n ? n.longValue() : 0;
    }
}
