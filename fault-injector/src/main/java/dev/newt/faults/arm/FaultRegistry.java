package dev.newt.faults.arm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * The one table woven code consults: site id -> the armed fault at that site, or {@code null}.
 * While no site in the JVM is armed, woven code reads nothing (a constant call site says so);
 * otherwise a volatile array read and an index. Arming and disarming copy the array (rare), so
 * woven classes need no reloading.
 *
 * <p>Site ids are unique in the JVM: every weave takes new ones, so two runtimes in one JVM (two
 * tests, two experiments) never share a site.
 *
 * <p>Public because woven classes live in other packages and loaders, and the injector's other
 * packages allocate and arm sites; only {@link #armed(int)} is for woven code, and none of it is an API.
 */
public final class FaultRegistry {
    private static final Object LOCK = new Object();
    private static volatile ArmedSite[] armed = new ArmedSite[0];
    private static final MutableCallSite ANY_ARMED_SITE =
        new MutableCallSite(MethodHandles.constant(boolean.class, false));
    private static final MethodHandle ANY_ARMED = ANY_ARMED_SITE.dynamicInvoker();
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
        if (!anyArmed()) {
            return null;
        }
        final ArmedSite[] a = armed;
        return site < a.length ? a[site] : null;
    }

    /**
     * Whether any site in the JVM is armed: the target of a call site the JIT treats as a
     * constant (and recompiles what depends on it when it changes), so that while nothing is
     * armed a woven site costs no memory read at all, not even the volatile one of the table.
     */
    private static boolean anyArmed() {
        try {
            return (boolean) ANY_ARMED.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("constant call site failed", t);
        }
    }

    /** Points {@link #anyArmed()} at whether the table now holds an armed site. */
    private static void publish(final ArmedSite[] table) {
        final boolean any = Arrays.stream(table).anyMatch(Objects::nonNull);
        ANY_ARMED_SITE.setTarget(MethodHandles.constant(boolean.class, any));
        MutableCallSite.syncAll(new MutableCallSite[] {ANY_ARMED_SITE});
    }

    public static int allocate() {
        synchronized (LOCK) {
            return nextId++;
        }
    }

    public static void arm(final Collection<ArmedSite> sites) {
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
            publish(copy);
        }
    }

    public static void disarm(final Collection<ArmedSite> sites) {
        synchronized (LOCK) {
            final ArmedSite[] copy = armed.clone();
            for (ArmedSite s : sites) {
                if (s.site().id() < copy.length && copy[s.site().id()] == s) {
                    copy[s.site().id()] = null;
                }
            }
            armed = copy;
            publish(copy);
        }
    }
}
