package dev.newt.net.tcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.newt.core.store.PartCodec;
import dev.newt.core.store.StateCodec;
import dev.newt.core.store.StateCodecException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * tcp's checkpoints by parts: one part per connection, keyed by its id, and a root holding the rest
 * (listeners, port table, counters, ids); the 4-tuple table is not stored but rebuilt from a flag in
 * each connection's part. A connection is re-encoded only when a message reached it (every lookup
 * marks it, {@link TcpIo#changed}), so a checkpoint of a tcp with a thousand idle connections and
 * one busy one costs the busy one and the root.
 *
 * <p>Each part is one flag byte (whether the connection is filed under its 4-tuple) and the
 * connection written by the runtime codec's own serializer for {@link Connection}, streamed, with
 * no tree: decoding the root and the parts gives the state that decoding the whole-state encoding
 * gives (servers' {@code TcpPartsPropertyTest} checks it on random connection histories).
 */
final class TcpParts implements PartCodec<TcpServer.State> {
    private static final ObjectMapper MAPPER = new StateCodec().mapper();
    private static final ObjectWriter ROOT = MAPPER.copy().addMixIn(TcpServer.State.class, RootOnly.class)
        .writerFor(TcpServer.State.class);
    private static final ObjectReader STATE = MAPPER.readerFor(TcpServer.State.class);
    private static final ObjectWriter CONNECTION = MAPPER.writerFor(Connection.class);
    private static final ObjectReader CONNECTION_READER = MAPPER.readerFor(Connection.class);
    private static final int FILED = 1;

    /** The state without the parts. */
    @JsonIgnoreProperties({"connections", "tuples"})
    private abstract static class RootOnly {
    }

    @Override
    public byte[] encodeRoot(final TcpServer.State s) {
        try {
            return ROOT.writeValueAsBytes(s);
        } catch (IOException e) {
            throw new StateCodecException("cannot encode tcp's root: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] encodePart(final TcpServer.State s, final long key) {
        final Connection c = s.connections.get((int) key);
        if (c == null) {
            return null;
        }
        final Integer filed = s.tuples.get(Demux.key(c.localPort, c.remoteAddress, c.remotePort));
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256 + c.snd.buffer.size() + c.rcv.buffer.size());
        out.write(filed != null && filed == c.id ? FILED : 0);
        try {
            CONNECTION.writeValue(out, c);
        } catch (IOException e) {
            throw new StateCodecException("cannot encode tcp connection " + key + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The connections, by id; each part's value follows its flag byte. */
    @Override
    public String partsField() {
        return "connections";
    }

    @Override
    public int partHeader() {
        return 1;
    }

    @Override
    public long[] partKeys(final TcpServer.State s) {
        final long[] keys = new long[s.connections.size()];
        int i = 0;
        for (Integer id : s.connections.keySet()) {
            keys[i++] = id;
        }
        return keys;
    }

    @Override
    public TcpServer.State decode(final byte[] root, final Map<Long, byte[]> parts) {
        try {
            final TcpServer.State s = STATE.readValue(root);
            for (Map.Entry<Long, byte[]> e : parts.entrySet()) {
                final byte[] b = e.getValue();
                final Connection c = CONNECTION_READER.readValue(b, 1, b.length - 1);
                s.connections.put(c.id, c);
                if ((b[0] & FILED) != 0) {
                    s.tuples.put(Demux.key(c.localPort, c.remoteAddress, c.remotePort), c.id);
                }
            }
            return s;
        } catch (IOException e) {
            throw new StateCodecException("cannot restore tcp by parts: " + e.getMessage(), e);
        }
    }
}
