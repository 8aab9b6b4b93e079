package dev.newt.net.link;

import dev.newt.net.stats.Counters;

/**
 * The state of one direction of a wire: when it is free to take the next frame, how many frames
 * are on their way, and what happened to the frames it was given. Part of the wire's checkpointed
 * state, so plain fields for Jackson.
 *
 * <p>Every frame given ({@link #framesIn}) is oversize, lost, or becomes one delivery, two with a
 * duplicate; every delivery is in flight, made ({@link #framesOut}), refused by a full receiver
 * ({@link #undeliverable}) or lost in a restart ({@link #lostInRestart}). So {@code framesIn +
 * duplicated == oversize + lost + inFlight + framesOut + undeliverable + lostInRestart}, also
 * after a restore: a checkpoint holds every counter as of one instant (it may lag the live state
 * by up to {@code LinkSpecs.WIRE_MINOR_WAIT} messages, whose counts the restore loses).
 */
public final class WireDirection {
    /** Runtime clock (ns) when the last frame given will have been serialized onto the wire. */
    public long busyUntil;
    /** Deliveries scheduled and not yet made (a duplicate counts twice). */
    public long inFlight;
    /** Frames received from the sending end, whatever became of them. */
    public long framesIn;
    /** Bytes of {@link #framesIn}. */
    public long bytesIn;
    /** Frames delivered to the receiving end, duplicates included. */
    public long framesOut;
    /** Bytes of {@link #framesOut}. */
    public long bytesOut;
    /** Frames lost on the wire (they still used its bandwidth). */
    public long lost;
    /** Frames delivered twice. */
    public long duplicated;
    /** Frames with one bit flipped. */
    public long corrupted;
    /** Frames held back so that later ones could overtake them. */
    public long reordered;
    /** Frames dropped because their payload exceeded the MTU. */
    public long oversize;
    /** Deliveries dropped because the receiver's mailbox was full. */
    public long undeliverable;
    /** Deliveries that were in flight when the wire restarted and so never arrived. */
    public long lostInRestart;

    /** A direction with nothing sent yet. */
    public WireDirection() {
    }

    /**
     * Adds this direction's counters to {@code into}, each name prefixed by {@code prefix}.
     *
     * @param prefix such as {@code "ab."}, or {@code ""} to sum into totals
     * @param into   the counters, added to when already present
     */
    void addCountersTo(final String prefix, final Counters into) {
        into.add(prefix + "frames.in", framesIn);
        into.add(prefix + "bytes.in", bytesIn);
        into.add(prefix + "frames.out", framesOut);
        into.add(prefix + "bytes.out", bytesOut);
        into.add(prefix + "lost", lost);
        into.add(prefix + "duplicated", duplicated);
        into.add(prefix + "corrupted", corrupted);
        into.add(prefix + "reordered", reordered);
        into.add(prefix + "drop.oversize", oversize);
        into.add(prefix + "drop.undeliverable", undeliverable);
        into.add(prefix + "lost.restart", lostInRestart);
        into.add(prefix + "in_flight", inFlight);
    }

    /** @return the first negative counter's name, or null when all are sound */
    String negativeCounter() {
        // Checked after every frame (the wire's audit before each checkpoint): no arrays built.
        return busyUntil < 0 ? "busyUntil"
            : inFlight < 0 ? "inFlight"
            : framesIn < 0 ? "framesIn"
            : bytesIn < 0 ? "bytesIn"
            : framesOut < 0 ? "framesOut"
            : bytesOut < 0 ? "bytesOut"
            : lost < 0 ? "lost"
            : duplicated < 0 ? "duplicated"
            : corrupted < 0 ? "corrupted"
            : reordered < 0 ? "reordered"
            : oversize < 0 ? "oversize"
            : undeliverable < 0 ? "undeliverable"
            : lostInRestart < 0 ? "lostInRestart"
            : null;
    }
}
