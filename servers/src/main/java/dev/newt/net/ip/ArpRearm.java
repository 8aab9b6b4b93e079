package dev.newt.net.ip;

/**
 * Timer payload, set when an incarnation starts by replaying logged messages: during a replay the
 * runtime suppresses timers, so the retry timers of resolutions the replay started are armed when
 * this fires, after the replay.
 */
record ArpRearm() {
}
