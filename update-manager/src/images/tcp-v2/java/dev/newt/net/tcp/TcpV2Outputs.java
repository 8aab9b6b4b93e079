package dev.newt.net.tcp;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.ServerSwap;
import dev.newt.core.runtime.ServerSwap.Output;
import dev.newt.net.msg.Stats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The relation between tcp-v2's outputs and version 1's for the same message, which a live
 * update's shadow checks before the switch (named in this image's
 * {@code META-INF/newt/shadow-outputs}): identical, except that v2's stats carry three counters
 * more ({@link #ADDED}), which are left out before the comparison. Every other counter, every
 * segment and every reply must be the same.
 */
public final class TcpV2Outputs implements ServerSwap.OutputCheck {
    /** The counters v2 adds to version 1's stats. */
    static final Set<String> ADDED = Set.of("version", "updates", "segments.in.since-update");

    private final ServerSwap.OutputCheck identical;

    /** @param identical the identical rule, applied once v2's stats are read as version 1's */
    public TcpV2Outputs(final ServerSwap.OutputCheck identical) {
        this.identical = identical;
    }

    @Override
    public String differs(final Envelope message, final List<Output> live, final List<Output> shadow) {
        return identical.differs(message, live, shadow.stream().map(TcpV2Outputs::asVersion1).toList());
    }

    /** @return {@code o} as version 1 would have sent it: stats without the counters v2 adds */
    static Output asVersion1(final Output o) {
        if (!(o.payload() instanceof Stats s) || !s.counters().keySet().containsAll(ADDED)) {
            return o;
        }
        final Map<String, Long> v1 = new TreeMap<>(s.counters());
        v1.keySet().removeAll(ADDED);
        return new Output(o.kind(), o.from(), o.to(), new Stats(s.server(), v1));
    }
}
