package dev.newt.net.tcp;

import java.time.Duration;

/**
 * One timer of a connection, as state: when it should fire, and which runtime timer is pending for
 * it. Runtime timers die with an incarnation, so the deadline is what survives a checkpoint; a
 * restored tcp arms a runtime timer for every deadline again ({@link #rearm}).
 *
 * <p>Moving a deadline later (the retransmission timer restarts on every ACK) arms nothing new: the
 * pending runtime timer fires early, sees the later deadline and arms itself again for it. Moving
 * it earlier arms a new runtime timer with a new generation, and the old one is ignored when it
 * fires. So a busy connection costs about one timer message per timeout, not one per ACK.
 */
public final class TimerSlot {
    /** Clock reading at which the timer is due, nanoseconds; -1 when stopped. */
    public long deadline = -1;
    /** When the pending runtime timer fires; -1 when none is pending. */
    public long armedFor = -1;
    /** Generation of the pending runtime timer; older generations are stale. */
    public long generation;

    /** A stopped timer. */
    public TimerSlot() {
    }

    /** @return whether the timer is running */
    public boolean running() {
        return deadline >= 0;
    }

    /**
     * Starts or restarts the timer.
     *
     * @param io   the current message's context
     * @param conn the connection's id
     * @param kind which timer
     * @param when deadline, nanoseconds on the runtime clock
     */
    public void start(final TcpIo io, final int conn, final TimerKind kind, final long when) {
        deadline = when;
        if (armedFor < 0 || armedFor > when) {
            arm(io, conn, kind, when);
        }
    }

    /** Stops the timer; a pending runtime timer will find nothing to do. */
    public void stop() {
        deadline = -1;
    }

    /**
     * A runtime timer of this slot fired.
     *
     * @param io    the current message's context
     * @param timer its payload
     * @return whether the timer expired now and its action must run
     */
    public boolean fired(final TcpIo io, final TcpTimer timer) {
        if (timer.generation() != generation) {
            return false; // superseded by an earlier deadline, or from a previous incarnation
        }
        armedFor = -1;
        if (deadline < 0) {
            return false;
        }
        if (deadline > io.now()) {
            arm(io, timer.connection(), timer.kind(), deadline); // the deadline moved later
            return false;
        }
        deadline = -1;
        return true;
    }

    /**
     * Arms a runtime timer for the deadline, if any: for a new incarnation, whose runtime timers
     * are all gone.
     *
     * @param io   the current message's context
     * @param conn the connection's id
     * @param kind which timer
     */
    public void rearm(final TcpIo io, final int conn, final TimerKind kind) {
        armedFor = -1;
        if (deadline >= 0) {
            arm(io, conn, kind, deadline);
        }
    }

    private void arm(final TcpIo io, final int conn, final TimerKind kind, final long when) {
        generation++;
        armedFor = when;
        io.ctx().setTimer(Duration.ofNanos(Math.max(0, when - io.now())), new TcpTimer(conn, kind, generation));
    }
}
