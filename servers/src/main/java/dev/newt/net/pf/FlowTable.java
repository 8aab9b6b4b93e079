package dev.newt.net.pf;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * pf's flow table: a sorted map of flows by {@link Flow#key()} (so it encodes, walks and compares
 * as the plain {@code TreeMap} it always was) that also files every key under its bucket, so that a
 * checkpoint by parts ({@link PfParts}) finds the few flows of a changed bucket without walking
 * the table. The bucket index is not part of the state: it is rebuilt from the keys by every
 * insertion, including a decode's.
 *
 * <p>Keys enter only through {@link #put} (and {@link #putAll}, which puts one by one) and leave
 * only through {@link #remove} and {@link #clear}: pf removes expired flows by key, never through
 * an iterator.
 */
public final class FlowTable extends TreeMap<String, Flow> {
    private static final long serialVersionUID = 1L;
    /** Buckets the keys are spread over: one checkpoint part each. A power of two. */
    static final int BUCKETS = 4096;

    private final transient Map<Integer, TreeSet<String>> buckets = new HashMap<>();

    /** An empty table. */
    public FlowTable() {
    }

    /** @param flows the flows to file, by key */
    public FlowTable(final Map<String, Flow> flows) {
        putAll(flows);
    }

    /** @param key a flow's key @return its bucket, the key of the checkpoint part holding it */
    public static int bucketOf(final String key) {
        final int h = key.hashCode();
        return (h ^ (h >>> 12) ^ (h >>> 24)) & (BUCKETS - 1);
    }

    @Override
    public Flow put(final String key, final Flow flow) {
        final Flow old = super.put(key, flow);
        buckets.computeIfAbsent(bucketOf(key), b -> new TreeSet<>()).add(key);
        return old;
    }

    @Override
    public void putAll(final Map<? extends String, ? extends Flow> map) {
        map.forEach(this::put);
    }

    @Override
    public Flow remove(final Object key) {
        final Flow old = super.remove(key);
        if (key instanceof String k) {
            final TreeSet<String> b = buckets.get(bucketOf(k));
            if (b != null) {
                b.remove(k);
                if (b.isEmpty()) {
                    buckets.remove(bucketOf(k));
                }
            }
        }
        return old;
    }

    @Override
    public void clear() {
        super.clear();
        buckets.clear();
    }

    /**
     * @param bucket a bucket
     * @return its flows by key (values may be null after a corruption), a new map; empty when none
     */
    TreeMap<String, Flow> bucket(final int bucket) {
        final TreeMap<String, Flow> out = new TreeMap<>();
        final TreeSet<String> keys = buckets.get(bucket);
        if (keys != null) {
            for (String k : keys) {
                if (containsKey(k)) {
                    out.put(k, get(k));
                }
            }
        }
        return out;
    }

    /**
     * The flows of a bucket in any sorted map of flows (a corruption may have replaced the table
     * by a plain {@code TreeMap}): by the index when it is a {@code FlowTable}, else by a walk.
     *
     * @param flows  the table
     * @param bucket a bucket
     * @return its flows by key, a new map
     */
    static TreeMap<String, Flow> bucket(final Map<String, Flow> flows, final int bucket) {
        if (flows instanceof FlowTable t) {
            return t.bucket(bucket);
        }
        final TreeMap<String, Flow> out = new TreeMap<>();
        flows.forEach((k, v) -> {
            if (k != null && bucketOf(k) == bucket) {
                out.put(k, v);
            }
        });
        return out;
    }
}
