package dev.newt.faults;

import java.util.Arrays;
import java.util.Collection;

/**
 * The one table woven code consults: site id -> the armed fault at that site, or {@code null}.
 * Reads are a volatile array read and an index; arming and disarming copy the array (rare), so
 * woven classes need no reloading and a disarmed site costs next to nothing.
 *
 * <p>Site ids are unique in the JVM: every weave takes new ones, so two runtimes in one JVM (two
 * tests, two experiments) never share a site.
 */
public final class FaultRegistry {
    private static final Object LOCK = new Object();
    private static volatile ArmedSite[] armed = new ArmedSite[0];
    private static int nextId;

    private FaultRegistry() {
    }

    /**
     * Called by woven code on every call of a site.
     *
     * @param site the site's id
     * @return the armed fault there, or {@code null} when disarmed
     */
    public static ArmedSite armed(final int site) {
        final ArmedSite[] a = armed;
        return site < a.length ? a[site] : null;
    }

    static int allocate() {
        synchronized (LOCK) {
            return nextId++;
        }
    }

    static void arm(final Collection<ArmedSite> sites) {
        synchronized (LOCK) {
            int max = armed.length;
            for (ArmedSite s : sites) {
                max = Math.max(max, s.site().id() + 1);
            }
            final ArmedSite[] copy = Arrays.copyOf(armed, max);
            for (ArmedSite s : sites) {
                copy[s.site().id()] = s;
            }
            armed = copy;
        }
    }

    static void disarm(final Collection<ArmedSite> sites) {
        synchronized (LOCK) {
            final ArmedSite[] copy = armed.clone();
            for (ArmedSite s : sites) {
                if (s.site().id() < copy.length && copy[s.site().id()] == s) {
                    copy[s.site().id()] = null;
                }
            }
            armed = copy;
        }
    }
}
