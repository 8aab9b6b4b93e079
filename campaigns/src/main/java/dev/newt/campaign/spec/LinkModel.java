package dev.newt.campaign.spec;

import java.time.Duration;

/**
 * A wire between two hosts and its impairments (each drawn from the runtime's seeded random source).
 *
 * @param a            one host
 * @param b            the other
 * @param latency      one-way latency
 * @param bandwidth    bits per second, 0 for unlimited
 * @param mtu          largest frame payload
 * @param loss         probability a frame is lost
 * @param duplicate    probability a frame is delivered twice
 * @param reorder      probability a frame is held back by {@code reorderDelay}
 * @param reorderDelay how long a reordered frame is held
 * @param corrupt      probability a frame has a bit flipped
 */
public record LinkModel(String a, String b, Duration latency, long bandwidth, int mtu, double loss, double duplicate,
                        double reorder, Duration reorderDelay, double corrupt) {
    /** @return the wire server's name, {@code wire.<a>-<b>} */
    public String wireName() {
        return "wire." + a + "-" + b;
    }
}
