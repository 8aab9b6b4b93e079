package dev.newt.faults.agentprobe;

/** Plain code outside any server, for the agent to weave. */
public final class Probe {
    /** @return 42, unless a fault says otherwise */
    public int answer() {
        return 42;
    }
}
