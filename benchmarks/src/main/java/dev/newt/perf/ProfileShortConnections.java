package dev.newt.perf;

/**
 * A main to profile the short-connection case of the {@code tap} suite (as root): a warm-up and one
 * 1 MiB bulk round each way, then Apache Bench, {@code ab -n N -c 20} without keep-alive for a 16 KiB file, for a
 * given number of rounds, against {@code newt host}'s set-up over TAP. Start it under JFR with a
 * delay past the warm-up:
 * <pre>
 * java -XX:StartFlightRecording=settings=profile,delay=10s,filename=ab.jfr \
 *      -cp benchmarks/target/benchmarks.jar dev.newt.perf.ProfileShortConnections 2000 4
 * python3 benchmarks/scripts/jfr-top.py ab.jfr 15
 * </pre>
 */
public final class ProfileShortConnections {
    private ProfileShortConnections() {
    }

    /**
     * @param args requests per ab run (default 2000), measured ab rounds (default 4), MiB of the bulk
     *             file (default 1), measured bulk rounds (default 1): to profile the bulk transfers
     *             instead, e.g. {@code 20 1 64 5}
     */
    public static void main(final String[] args) {
        final int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        final int mib = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        final int bulkRounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        for (Figure f : TapSuite.run(mib, bulkRounds, requests, rounds, System.out)) {
            System.out.println(f);
        }
    }
}
