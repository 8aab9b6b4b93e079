package dev.newt.campaign.invariant;

import dev.newt.core.event.Event;

/** A property every prefix of a run's event stream must have; one instance per run (it may keep state). */
public interface Invariant {
    /** @return its name in results, such as {@code epoch-order} */
    String name();

    /**
     * @param e the next event of the run, in recording order
     * @return the violation it makes, or {@code null} when the stream still has the property
     */
    Violation check(Event e);
}
