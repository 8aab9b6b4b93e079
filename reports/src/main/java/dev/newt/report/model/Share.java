package dev.newt.report.model;

/**
 * A part of a whole, such as 3 of 10 experiments.
 *
 * @param count the part
 * @param total the whole
 */
public record Share(long count, long total) {
    /** @return the part in percent of the whole, 0 when the whole is 0 */
    public double percent() {
        return total == 0 ? 0 : 100.0 * count / total;
    }
}
