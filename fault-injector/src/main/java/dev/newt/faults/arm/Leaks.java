package dev.newt.faults.arm;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory retained by {@code leak} faults, held statically as a real leak would be, until released.
 * Public for the injector's other packages; not an API.
 */
public final class Leaks {
    private static final List<Retained> RETAINED = new ArrayList<>();

    private record Retained(ArmedFault fault, byte[] block) {
    }

    private Leaks() {
    }

    /** @return the bytes the fault retains now, after this block */
    static synchronized long retain(final ArmedFault fault, final int bytes) {
        RETAINED.add(new Retained(fault, new byte[bytes]));
        return retainedBy(fault);
    }

    public static synchronized long retainedBy(final ArmedFault fault) {
        long sum = 0;
        for (Retained r : RETAINED) {
            if (r.fault() == fault) {
                sum += r.block().length;
            }
        }
        return sum;
    }

    /** @return the bytes released */
    public static synchronized long release(final ArmedFault fault) {
        final long held = retainedBy(fault);
        RETAINED.removeIf(r -> r.fault() == fault);
        return held;
    }
}
