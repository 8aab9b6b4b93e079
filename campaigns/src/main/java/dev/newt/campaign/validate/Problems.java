package dev.newt.campaign.validate;

import dev.newt.campaign.yaml.Location;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a file, so that one validation reports all of them. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    /**
     * @param at      where
     * @param path    the key path
     * @param message what is wrong
     */
    public void add(final Location at, final String path, final String message) {
        list.add(new Problem(at, path, message, null));
    }

    /**
     * Reports a name that is none of the valid ones, suggesting the nearest.
     *
     * @param at    where
     * @param path  the key path
     * @param what  what the name should be, such as {@code fault type}
     * @param given the name given
     * @param valid the valid names
     */
    public void unknown(final Location at, final String path, final String what, final String given,
                        final Collection<String> valid) {
        list.add(new Problem(at, path, "unknown " + what + " '" + given + "'; valid: " + String.join(", ", valid),
            Suggestions.nearest(given, valid)));
    }

    /** @return whether nothing is wrong */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** @return the problems, in file order */
    public List<Problem> all() {
        final List<Problem> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location().line())
            .thenComparingInt(p -> p.location().column()));
        return sorted;
    }
}
