package dev.newt.campaign.outcome;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.HangDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import java.util.List;

/**
 * The fault's story in a run's events: when it first activated, when the supervisor first
 * detected something wrong after that, when the detected server served again, restarts, and
 * whether the supervisor gave up.
 *
 * @param activatedAt  first {@code fault-activated}, runtime clock; null if none
 * @param detectedAt   first crash, hang or corruption detection at or after the activation; null if none
 * @param detected     what was detected and where, such as {@code crashed b.tcp}
 * @param recoveredAt  first restart of the detected server after the detection; null if none
 * @param restarts     restarts of any server
 * @param gaveUp       the first server the supervisor gave up on, or null
 */
public record Timeline(Long activatedAt, Long detectedAt, String detected, Long recoveredAt, int restarts,
                       String gaveUp) {

    /** @param events a run's events in order @return its timeline */
    public static Timeline of(final List<Event> events) {
        Long activated = null;
        Long detectedAt = null;
        String detected = null;
        String detectedServer = null;
        Long recovered = null;
        int restarts = 0;
        String gaveUp = null;
        for (Event e : events) {
            if (e instanceof CustomEvent c && c.kind().equals("fault-activated") && activated == null) {
                activated = c.time();
            } else if (activated != null && detectedAt == null && e.time() >= activated && detection(e) != null) {
                detectedAt = e.time();
                detected = detection(e) + " " + e.server();
                detectedServer = e.server();
            } else if (e instanceof ServerRestarted r) {
                restarts++;
                if (detectedServer != null && recovered == null && r.server().equals(detectedServer)) {
                    recovered = r.time();
                }
            } else if (e instanceof GaveUp g && gaveUp == null) {
                gaveUp = g.server();
            }
        }
        return new Timeline(activated, detectedAt, detected, recovered, restarts, gaveUp);
    }

    private static String detection(final Event e) {
        if (e instanceof ServerCrashed) {
            return "crashed";
        }
        if (e instanceof HangDetected) {
            return "hang-detected";
        }
        return e instanceof CorruptionDetected ? "corruption-detected" : null;
    }

    /** @return activation to detection, or null */
    public Long detectionLatency() {
        return activatedAt == null || detectedAt == null ? null : detectedAt - activatedAt;
    }

    /** @return detection to serving again, or null */
    public Long recoveryTime() {
        return detectedAt == null || recoveredAt == null ? null : recoveredAt - detectedAt;
    }
}
