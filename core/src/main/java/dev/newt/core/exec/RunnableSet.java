package dev.newt.core.exec;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The simulated executor's servers that may have work, kept so that a step costs O(candidates)
 * instead of asking every server. A candidate is an agent that was woken (given a message, a reply,
 * a timer, an order or a command) or that ran, since it was last found idle; every other agent has
 * no work, because an agent gains work only through its waker or while some step runs (see
 * {@link SimulatedExecutor}, which marks every agent after a step of the system agent and after
 * timers fire, the two places where one agent's step may change another's state without a wake).
 *
 * <p>{@link #collect} asks the candidates, in the agents' order, whether they have work, drops
 * those that have none, and lists the rest in that order: exactly the list a scan of every agent
 * gives, so the seeded choice among them, and hence the schedule and the event log, are unchanged.
 *
 * <p>A wake from another thread than the simulation's (none is expected: everything runs on it)
 * does not touch the bits; it raises a flag that makes the next collect ask every agent.
 */
final class RunnableSet {
    private final Agent[] agents;
    /** Bit i: agent i may have work. */
    private final long[] candidates;
    /** The indices of the agents with work, as the last {@link #collect} found them. */
    private final int[] ready;
    private int readyCount;
    /** The thread that drives the simulation now: the one whose wakes set bits directly. */
    private volatile Thread owner;
    private final AtomicBoolean wokenElsewhere = new AtomicBoolean();

    RunnableSet(final List<? extends Agent> agents) {
        this.agents = agents.toArray(new Agent[0]);
        this.candidates = new long[(this.agents.length + 63) >>> 6];
        this.ready = new int[this.agents.length];
        markAll();
    }

    /**
     * Starts a run driven by {@code driver}: every agent is a candidate, since the caller may have
     * changed anything between runs.
     */
    void beginRun(final Thread driver) {
        owner = driver;
        markAll();
    }

    /** @return a waker that makes agent {@code index} a candidate */
    Agent.Waker wakerFor(final int index) {
        final int word = index >>> 6;
        final long bit = 1L << index;
        return () -> {
            if (Thread.currentThread() == owner) {
                candidates[word] |= bit;
            } else {
                wokenElsewhere.set(true);
            }
        };
    }

    /** Makes every agent a candidate: after a change whose wakes are not known. */
    void markAll() {
        final int n = agents.length;
        for (int w = 0; w < candidates.length; w++) {
            final int bits = Math.min(64, n - (w << 6));
            candidates[w] = bits == 64 ? -1L : (1L << bits) - 1;
        }
    }

    /**
     * Asks the candidates whether they have work and keeps the ones that do.
     *
     * @return how many agents have work
     */
    int collect() {
        if (wokenElsewhere.get() && wokenElsewhere.getAndSet(false)) {
            markAll();
        }
        int count = 0;
        for (int w = 0; w < candidates.length; w++) {
            long bits = candidates[w];
            long keep = bits;
            while (bits != 0) {
                final long lowest = bits & -bits;
                final int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits ^= lowest;
                if (agents[i].hasWork()) {
                    ready[count++] = i;
                } else {
                    keep ^= lowest;
                }
            }
            candidates[w] = keep;
        }
        readyCount = count;
        return count;
    }

    /** @return the {@code k}-th agent with work, in the agents' order, as the last collect found */
    Agent ready(final int k) {
        if (k < 0 || k >= readyCount) {
            throw new IndexOutOfBoundsException("ready agent " + k + " of " + readyCount);
        }
        return agents[ready[k]];
    }
}
