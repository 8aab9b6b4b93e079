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
 * A key-value server, version 1: its whole state is a map of strings, checkpointed by the runtime.
 * Version 2 (image {@code kv-v2}) renames the map and makes each value a record.
 */
public final class KvServer implements Server<KvServer.State> {
    /** The state: plain data that Jackson writes and reads. */
    public static final class State {
        /** The entries, by key. */
        public Map<String, String> entries = new TreeMap<>();
        /** Puts handled: never fewer than the entries. */
        public long writes;
    }

    private final int maxKeys;

    /** @param maxKeys the most keys it stores (a put beyond is refused with an exception: a crash) */
    public KvServer(final int maxKeys) {
        this.maxKeys = maxKeys;
    }

    @Override
    public State handle(final ServerContext ctx, final State state, final Envelope message) {
        if (message.payload() instanceof Put p) {
            if (!state.entries.containsKey(p.key()) && state.entries.size() >= maxKeys) {
                throw new IllegalStateException("full: " + maxKeys + " keys");
            }
            state.entries.put(p.key(), p.value());
            state.writes++;
            ctx.reply(message, new Stored(p.key()));
        } else if (message.payload() instanceof Get g) {
            ctx.reply(message, new Value(g.key(), state.entries.getOrDefault(g.key(), "")));
        }
        return state;
    }

    @Override
    public Optional<String> audit(final State state) {
        return state.writes >= state.entries.size() ? Optional.empty()
            : Optional.of(state.entries.size() + " entries but only " + state.writes + " writes");
    }
}
