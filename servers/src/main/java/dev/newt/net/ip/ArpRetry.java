package dev.newt.net.ip;

/**
 * Timer payload: time to retry (or give up) resolving an address.
 *
 * @param address    the address being resolved, as {@link dev.newt.net.wire.Ipv4Address#bits()}
 * @param resolution the resolution the timer was set for; a timer of a finished one is ignored
 */
record ArpRetry(int address, long resolution) {
}
