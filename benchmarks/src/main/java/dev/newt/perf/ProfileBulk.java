package dev.newt.perf;

import java.util.Locale;

/**
 * The stack suite's multiserver bulk transfer alone, repeated, for a profiler to watch (JFR:
 * {@code java -XX:StartFlightRecording=settings=profile,filename=bulk.jfr -cp benchmarks.jar
 * dev.newt.perf.ProfileBulk [MB] [transfers]}); defaults 64 MB, 10 transfers, threaded executor
 * with the back-off idle strategy as in {@code newt bench}.
 */
public final class ProfileBulk {
    private ProfileBulk() {
    }

    /** @param args megabytes per transfer, transfers */
    public static void main(final String[] args) {
        final long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 64L) * 1_000_000L;
        final int n = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        for (int i = 0; i < n; i++) {
            final BulkRun r = NewtBulk.run("multiserver", NewtBulk.twoHosts(StackSuite.MTU), bytes, 7,
                b -> b.threaded("backoff"), rt -> { }, rt -> { });
            if (!r.intact()) {
                throw new IllegalStateException("transfer not intact: " + r.detail());
            }
            System.out.printf(Locale.ROOT, "transfer %d: %.1f MB/s%n", i + 1, r.megabytesPerSecond());
        }
    }
}
