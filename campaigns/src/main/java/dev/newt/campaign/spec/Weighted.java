package dev.newt.campaign.spec;

import java.util.List;
import java.util.SplittableRandom;

/**
 * An item of a schedule's declared set with its weight: the generator draws it with probability
 * weight / (sum of the set's weights).
 *
 * @param item   the item
 * @param weight its weight, above zero
 * @param <T>    the item's type
 */
public record Weighted<T>(T item, double weight) {
    /** Checks the weight. */
    public Weighted {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a weight must be a positive number, was " + weight);
        }
    }

    /**
     * @param set    a non-empty set
     * @param random the source to draw from (one double consumed)
     * @param <T>    the items' type
     * @return an item drawn by weight
     */
    public static <T> T pick(final List<Weighted<T>> set, final SplittableRandom random) {
        double total = 0;
        for (Weighted<T> w : set) {
            total += w.weight();
        }
        double x = random.nextDouble() * total;
        for (Weighted<T> w : set) {
            x -= w.weight();
            if (x < 0) {
                return w.item();
            }
        }
        return set.get(set.size() - 1).item();
    }
}
