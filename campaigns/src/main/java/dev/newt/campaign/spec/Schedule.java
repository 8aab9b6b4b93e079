package dev.newt.campaign.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's schedule: faults and live updates at times of the runtime clock, and the recovery policy
 * drawn for each server. The seed that drew it also seeds the run's runtime, so that (seed, commit)
 * reproduce the run. Its elements are the faults and the updates; the policies are parameters.
 *
 * @param seed     the run's seed: the generator's and the runtime's
 * @param faults   the faults, by time
 * @param updates  the updates, by time
 * @param recovery the recovery policy of each server that has one drawn, by name
 */
public record Schedule(long seed, List<ScheduledFault> faults, List<ScheduledUpdate> updates,
                       Map<String, String> recovery) {
    /** Freezes the lists; the policies are kept sorted by server. */
    public Schedule {
        faults = List.copyOf(faults);
        updates = List.copyOf(updates);
        recovery = java.util.Collections.unmodifiableMap(new TreeMap<>(recovery));
    }

    /** @return how many elements (faults and updates) it has */
    public int size() {
        return faults.size() + updates.size();
    }

    /** @param id an element's id @return this schedule without it */
    public Schedule without(final String id) {
        return new Schedule(seed, faults.stream().filter(f -> !f.id().equals(id)).toList(),
            updates.stream().filter(u -> !u.id().equals(id)).toList(), recovery);
    }

    /** @param f a fault with the id of one of this schedule's @return this schedule with it in that one's place */
    public Schedule with(final ScheduledFault f) {
        return new Schedule(seed, faults.stream().map(x -> x.id().equals(f.id()) ? f : x).toList(), updates, recovery);
    }

    /** @param u an update with the id of one of this schedule's @return this schedule with it in that one's place */
    public Schedule with(final ScheduledUpdate u) {
        return new Schedule(seed, faults, updates.stream().map(x -> x.id().equals(u.id()) ? u : x).toList(), recovery);
    }

    /** @param server a server @return this schedule leaving that server's recovery policy to the system */
    public Schedule withoutPolicy(final String server) {
        final Map<String, String> r = new TreeMap<>(recovery);
        r.remove(server);
        return new Schedule(seed, faults, updates, r);
    }

    /** @return the servers its faults go into, in order, each once: {@code b.pf,b.tcp} */
    public String targets() {
        final java.util.LinkedHashSet<String> t = new java.util.LinkedHashSet<>();
        faults.forEach(f -> t.add(f.target()));
        updates.forEach(u -> t.addAll(u.update().servers()));
        return t.isEmpty() ? "-" : String.join(",", t);
    }

    /** @return a label for results: {@code schedule(faults=3,updates=1)} */
    public String label() {
        return "schedule(faults=" + faults.size() + ",updates=" + updates.size() + ")";
    }

    /** @return one line per element, in time order, then the policies */
    public List<String> describe() {
        final List<String> out = new ArrayList<>();
        final List<Object> all = new ArrayList<>(faults);
        all.addAll(updates);
        all.sort(java.util.Comparator.comparing(Schedule::atOf));
        for (Object o : all) {
            out.add(o instanceof ScheduledFault f ? f.describe() : ((ScheduledUpdate) o).describe());
        }
        recovery.forEach((s, p) -> out.add("recovery " + s + " " + p));
        return out;
    }

    private static Duration atOf(final Object o) {
        return o instanceof ScheduledFault f ? f.at() : ((ScheduledUpdate) o).at();
    }

    /**
     * @return the schedule as plain data (maps, lists, strings, numbers) for a result and an event:
     *         {@code seed}, {@code faults} (id, at, target, fault, trigger), {@code updates} (id, at,
     *         servers, image, imageDir, class, args, probation), {@code recovery}; times in nanoseconds as
     *         durations ({@code "12000000ns"}) so that a campaign file reads them back
     */
    public Map<String, Object> toData() {
        final Map<String, Object> d = new LinkedHashMap<>();
        d.put("seed", seed);
        final List<Object> fs = new ArrayList<>();
        for (ScheduledFault f : faults) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("at", f.at().toNanos() + "ns");
            m.put("target", f.target());
            m.put("fault", faultData(f.fault()));
            m.put("trigger", new TreeMap<>(f.trigger().data()));
            fs.add(m);
        }
        d.put("faults", fs);
        final List<Object> us = new ArrayList<>();
        for (ScheduledUpdate su : updates) {
            final UpdateModel u = su.update();
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", su.id());
            m.put("at", u.at().toNanos() + "ns");
            m.put("servers", u.servers());
            m.put("image", u.imageDir().toString());
            if (u.serverClass() != null) {
                m.put("class", u.serverClass());
            }
            if (!u.extraArgs().isEmpty()) {
                m.put("args", u.extraArgs());
            }
            if (!u.probation().isZero()) {
                m.put("probation", u.probation().toNanos() + "ns");
            }
            us.add(m);
        }
        d.put("updates", us);
        d.put("recovery", recovery);
        return d;
    }

    /** @param f a fault @return the fault as a campaign file writes it: its type, or a map of type and parameters */
    public static Object faultData(final FaultModel f) {
        if (f.params().isEmpty() && f.classPattern() == null && f.method() == null) {
            return f.type();
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", f.type());
        m.putAll(new TreeMap<>(f.params()));
        if (f.classPattern() != null) {
            m.put("class", f.classPattern());
        }
        if (f.method() != null) {
            m.put("method", f.method());
        }
        return m;
    }

    /** @param d a duration @return it in milliseconds for people: {@code 12.5ms} */
    static String time(final Duration d) {
        final long n = d.toNanos();
        return n % 1_000_000 == 0 ? n / 1_000_000 + "ms" : String.format(java.util.Locale.ROOT, "%.3fms", n / 1e6);
    }

    /** @param imageDir an update's image @return the update model's image path, absolute */
    static String imagePath(final Path imageDir) {
        return imageDir.toAbsolutePath().normalize().toString();
    }
}
