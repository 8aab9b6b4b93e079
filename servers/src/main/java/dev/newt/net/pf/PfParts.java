package dev.newt.net.pf;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.newt.core.store.PartCodec;
import dev.newt.core.store.StateCodec;
import dev.newt.core.store.StateCodecException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * pf's checkpoints by parts: the flows spread over {@value FlowTable#BUCKETS} buckets by a hash of
 * their key, one part per non-empty bucket (a few flows at most), and a root holding the counters.
 * A handler marks the bucket of every flow it touches, adds or removes
 * ({@code ServerContext.partChanged(FlowTable.bucketOf(key))}), so a packet of one connection costs
 * the root and that connection's bucket, however many flows the table holds (up to 4,096, each
 * kept 60 s after its last packet).
 *
 * <p>Parts and root are written by the runtime codec's own mapper (a part is a map of key to
 * {@link Flow}, as the whole-state encoding writes the table), so decoding them gives the state
 * that decoding the whole-state encoding gives (servers' {@code PfCheckpointByPartsPropertyTest}).
 */
final class PfParts implements PartCodec<PfServer.State> {
    private static final ObjectMapper MAPPER = new StateCodec().mapper();
    private static final ObjectWriter ROOT = MAPPER.copy().addMixIn(PfServer.State.class, RootOnly.class)
        .writerFor(PfServer.State.class);
    private static final ObjectReader STATE = MAPPER.readerFor(PfServer.State.class);
    private static final TypeReference<TreeMap<String, Flow>> FLOWS = new TypeReference<>() {
    };
    private static final ObjectWriter BUCKET = MAPPER.writerFor(FLOWS);
    private static final ObjectReader BUCKET_READER = MAPPER.readerFor(FLOWS);

    /** The state without the flows. */
    @JsonIgnoreProperties({"flows"})
    private abstract static class RootOnly {
    }

    @Override
    public byte[] encodeRoot(final PfServer.State s) {
        try {
            return ROOT.writeValueAsBytes(s);
        } catch (IOException e) {
            throw new StateCodecException("cannot encode pf's root: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] encodePart(final PfServer.State s, final long key) {
        if (s.flows == null) {
            return null;
        }
        final TreeMap<String, Flow> flows = FlowTable.bucket(s.flows, (int) key);
        if (flows.isEmpty()) {
            return null;
        }
        try {
            return BUCKET.writeValueAsBytes(flows);
        } catch (IOException e) {
            throw new StateCodecException("cannot encode pf's flow bucket " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long[] partKeys(final PfServer.State s) {
        if (s.flows == null) {
            return new long[0];
        }
        final TreeSet<Integer> keys = new TreeSet<>();
        for (String k : s.flows.keySet()) {
            if (k != null) {
                keys.add(FlowTable.bucketOf(k));
            }
        }
        return keys.stream().mapToLong(Integer::longValue).toArray();
    }

    @Override
    public PfServer.State decode(final byte[] root, final Map<Long, byte[]> parts) {
        try {
            final PfServer.State s = STATE.readValue(root);
            s.flows = new FlowTable();
            for (byte[] b : parts.values()) {
                final TreeMap<String, Flow> flows = BUCKET_READER.readValue(b);
                s.flows.putAll(flows);
            }
            return s;
        } catch (IOException e) {
            throw new StateCodecException("cannot restore pf by parts: " + e.getMessage(), e);
        }
    }
}
