package dev.newt.perf;

/**
 * A main to profile the short-connection case of the {@code tap} suite (as root): one 1 MiB bulk
 * round, then Apache Bench, {@code ab -n N -c 20} without keep-alive for a 16 KiB file, for a
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
     * @param args requests per ab run (default 2000), measured ab rounds (default 4)
     */
    public static void main(final String[] args) {
        final int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        for (Figure f : TapSuite.run(1, 0, requests, rounds, System.out)) {
            System.out.println(f);
        }
    }
}
