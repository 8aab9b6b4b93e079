package dev.newt.example.kv.server;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.example.kv.api.Get;
import dev.newt.example.kv.api.Put;
import dev.newt.example.kv.api.Stored;
import dev.newt.example.kv.api.Value;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The key-value server, version 2: {@code entries} is now {@code table}, and each value an
 * {@link Entry} that counts its versions. {@link KvTransform} moves a version 1 state here.
 */
public final class KvServer implements Server<KvServer.State> {
    /**
     * A stored value and how many times its key was written.
     *
     * @param value   the value
     * @param version writes of the key, from 1 (0 for values carried over from version 1)
     */
    public record Entry(String value, long version) {
    }

    /** The state. */
    public static final class State {
        /** The entries, by key (version 1's {@code entries}). */
        public Map<String, Entry> table = new TreeMap<>();
        /** Puts handled. */
        public long writes;
    }

    private final int maxKeys;

    /** @param maxKeys the most keys it stores */
    public KvServer(final int maxKeys) {
        this.maxKeys = maxKeys;
    }

    @Override
    public State handle(final ServerContext ctx, final State state, final Envelope message) {
        if (message.payload() instanceof Put p) {
            if (!state.table.containsKey(p.key()) && state.table.size() >= maxKeys) {
                throw new IllegalStateException("full: " + maxKeys + " keys");
            }
            final Entry old = state.table.get(p.key());
            state.table.put(p.key(), new Entry(p.value(), old == null ? 1 : old.version() + 1));
            state.writes++;
            ctx.reply(message, new Stored(p.key()));
        } else if (message.payload() instanceof Get g) {
            final Entry e = state.table.get(g.key());
            ctx.reply(message, new Value(g.key(), e == null ? "" : e.value()));
        }
        return state;
    }

    @Override
    public Optional<String> audit(final State state) {
        return state.writes >= state.table.size() ? Optional.empty()
            : Optional.of(state.table.size() + " entries but only " + state.writes + " writes");
    }
}
