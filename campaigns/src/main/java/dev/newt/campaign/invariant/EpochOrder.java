package dev.newt.campaign.invariant;

import dev.newt.core.event.Event;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.event.ServerStarted;
import dev.newt.results.Outcome;
import java.util.HashMap;
import java.util.Map;

/**
 * No server's epoch goes backwards: each {@code started} or {@code restarted} event of a server has an
 * epoch at least the greatest seen for it (a restart announces the epoch its start announced), and a
 * restart's old epoch is not above it. A stale incarnation serving again would break it.
 */
public final class EpochOrder implements Invariant {
    private final Map<String, Long> latest = new HashMap<>();

    @Override
    public String name() {
        return "epoch-order";
    }

    @Override
    public Violation check(final Event e) {
        final long epoch;
        if (e instanceof ServerStarted s) {
            epoch = s.epoch();
        } else if (e instanceof ServerRestarted r) {
            if (r.epoch() < r.oldEpoch()) {
                return new Violation(name(), Outcome.FAILED, "restarted with epoch " + r.epoch() + " below the dead "
                    + "incarnation's " + r.oldEpoch(), e);
            }
            epoch = r.epoch();
        } else {
            return null;
        }
        final Long before = latest.get(e.server());
        if (before != null && epoch < before) {
            return new Violation(name(), Outcome.FAILED, "epoch went back from " + before + " to " + epoch, e);
        }
        latest.put(e.server(), before == null ? epoch : Math.max(before, epoch));
        return null;
    }
}
