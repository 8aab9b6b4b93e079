package dev.newt.net.ip;

/**
 * Timer payload: time to retry (or give up) resolving an address.
 *
 * @param address    the address being resolved, as {@link dev.newt.net.wire.Ipv4Address#bits()}
 * @param resolution the resolution the timer was set for; a timer of a finished one is ignored
 * @param attempt    requests sent when the timer was set; a timer whose attempt was already
 *                   followed up (by a twin re-armed after a restart) is ignored, so that one
 *                   resolution never runs on two timers
 */
record ArpRetry(int address, long resolution, int attempt) {
}
