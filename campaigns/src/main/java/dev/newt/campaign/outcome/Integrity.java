package dev.newt.campaign.outcome;

import dev.newt.core.event.WorkloadReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The integrity figures of one run, added up over its workloads' summaries (see
 * {@code docs/OUTCOMES.md} for which summary field feeds which figure).
 *
 * @param connectionsLost stream connections that ended in an error
 * @param bytesLost       stream bytes never delivered, and bytes of files not fetched
 * @param bytesDuplicated bytes delivered twice (udp echo datagrams answered twice)
 * @param bytesCorrupted  bytes that failed their check
 * @param requestsFailed  requests (rpc, udp echo, ping, http) that failed or got no answer
 * @param silentLoss      a stream ended cleanly without all its bytes: lost without an error
 * @param elapsedNanos    each workload's time to finish, by server, where it reports one
 */
public record Integrity(long connectionsLost, long bytesLost, long bytesDuplicated, long bytesCorrupted,
                        long requestsFailed, boolean silentLoss, Map<String, Long> elapsedNanos) {
    /** Freezes the times, in server-name order: the outcome's detail lists them so, the same for one seed. */
    public Integrity {
        // Sorted by server: Map.copyOf iterates in an order that changes from JVM to JVM, and details list these.
        elapsedNanos = Collections.unmodifiableMap(new TreeMap<>(elapsedNanos));
    }

    /**
     * @param summaries each workload server's summary fields
     * @return the figures
     */
    public static Integrity of(final Map<String, Map<String, Object>> summaries) {
        long conns = 0;
        long lost = 0;
        long dup = 0;
        long corrupt = 0;
        long failed = 0;
        boolean silent = false;
        final Map<String, Long> elapsed = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : summaries.entrySet()) {
            final Map<String, Object> s = e.getValue();
            if (s.containsKey("elapsedNanos")) {
                elapsed.put(e.getKey(), n(s, "elapsedNanos"));
            }
            switch (String.valueOf(s.get("workload"))) {
                case "bulk-receiver" -> {
                    final long missing = Math.max(0, n(s, "bytesExpected") - n(s, "bytesReceived"));
                    lost += missing;
                    corrupt += n(s, "bytesCorrupted");
                    conns += n(s, "errorCount") > 0 ? 1 : 0;
                    silent |= missing > 0 && n(s, "errorCount") == 0 && Boolean.TRUE.equals(s.get("eof"));
                }
                case "bulk-sender" -> conns += n(s, "errorCount") > 0 ? 1 : 0;
                case "rpc-client" -> {
                    failed += n(s, "failed") + n(s, "unfinished");
                    corrupt += n(s, "corrupted");
                    conns += n(s, "errorCount");
                }
                case "udp-echo", "ping" -> {
                    failed += n(s, "lost");
                    dup += n(s, "duplicated");
                    corrupt += n(s, "corrupted");
                }
                case "http-fetch" -> {
                    failed += n(s, "failed") + n(s, "mismatched");
                    corrupt += n(s, "mismatched");
                    lost += Math.max(0, n(s, "fetches") - n(s, "ok") - n(s, "mismatched"));
                }
                default -> {
                    if (WorkloadReport.isReport(s)) {
                        // A user workload's typed report (core.event.WorkloadReport): docs/OUTCOMES.md maps it.
                        final WorkloadReport r = WorkloadReport.from(s);
                        failed += r.failures();
                        corrupt += r.wrongAnswers();
                        lost += r.lost();
                    }
                    // Otherwise a workload this version does not know: its figures stay in the result's workload map.
                }
            }
        }
        return new Integrity(conns, lost, dup, corrupt, failed, silent, elapsed);
    }

    private static long n(final Map<String, Object> s, final String field) {
        final Object v = s.get(field);
        return v instanceof Number x ? x.longValue() : 0;
    }
}
