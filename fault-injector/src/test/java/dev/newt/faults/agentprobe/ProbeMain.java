package dev.newt.faults.agentprobe;

import dev.newt.core.event.CustomEvent;
import dev.newt.faults.inject.FaultAgent;

/** Run in a JVM with the fault agent: prints the probe's answer and the kinds of the agent's events. */
public final class ProbeMain {
    private ProbeMain() {
    }

    /** @param args ignored */
    public static void main(final String[] args) {
        System.out.println("answer=" + new Probe().answer());
        System.out.println("answer=" + new Probe().answer());
        FaultAgent.injector().finish();
        for (CustomEvent e : FaultAgent.events().ofType(CustomEvent.class)) {
            System.out.println("event=" + e.kind() + " " + e.fields().get("fault"));
        }
    }
}
