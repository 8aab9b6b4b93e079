package dev.newt.campaign.spec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fault of a schedule: it is armed from {@code at} on the runtime clock and fires by its trigger
 * (by default at the first call of its site from then on: {@code nth: 1}).
 *
 * @param id      its name in the schedule and in events ({@code f0}, {@code f1}, ...)
 * @param at      when its trigger's window opens
 * @param target  the server it goes into
 * @param fault   what it does
 * @param trigger which call from {@code at} on activates it
 */
public record ScheduledFault(String id, Duration at, String target, FaultModel fault, TriggerModel trigger) {
    /** The default trigger of a scheduled fault: the first call of its site once armed. */
    public static final TriggerModel FIRST_CALL = new TriggerModel("nth:1", Map.of("nth", 1));

    /** @return the trigger's fields with the window opening at {@code at}, for the injector */
    public Map<String, Object> triggerData() {
        final Map<String, Object> data = new LinkedHashMap<>(trigger.data());
        data.put("from", at.toNanos() + "ns");
        return data;
    }

    /** @param later another time @return this fault armed then */
    public ScheduledFault at(final Duration later) {
        return new ScheduledFault(id, later, target, fault, trigger);
    }

    /** @param simpler another trigger @return this fault with it */
    public ScheduledFault withTrigger(final TriggerModel simpler) {
        return new ScheduledFault(id, at, target, fault, simpler);
    }

    /** @return {@code f0 crash b.pf @12ms nth:1} */
    public String describe() {
        return id + " " + fault.label() + " " + target + " @" + Schedule.time(at) + " " + trigger.label();
    }
}
