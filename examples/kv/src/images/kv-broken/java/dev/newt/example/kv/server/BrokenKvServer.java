package dev.newt.example.kv.server;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import java.util.Optional;

/**
 * A deliberately broken release of the key-value server, the only class of the {@code kv-broken}
 * image: version 1's {@link KvServer} (and its state, which therefore transfers unchanged; both
 * come from the running version's loader, as the image leaves them out), except that an
 * incarnation started by a live update throws in its start when {@code failAfterMessages} is 0,
 * or in the handling of its {@code failAfterMessages}-th message otherwise. The update manager
 * rolls such an update back to the running version and its state: the store loses nothing.
 */
public final class BrokenKvServer implements Server<KvServer.State> {
    private final KvServer inner;
    private final int failAfterMessages;
    private boolean updated;
    private int handled;

    /**
     * @param maxKeys           version 1's argument, passed on
     * @param failAfterMessages 0: fail to start; n &gt; 0: crash on the n-th message after an update
     */
    public BrokenKvServer(final int maxKeys, final int failAfterMessages) {
        if (failAfterMessages < 0) {
            throw new IllegalArgumentException("failAfterMessages must be >= 0, was " + failAfterMessages);
        }
        this.inner = new KvServer(maxKeys);
        this.failAfterMessages = failAfterMessages;
    }

    @Override
    public KvServer.State onStart(final ServerContext ctx, final KvServer.State s, final StartReason reason)
        throws Exception {
        updated = reason == StartReason.UPDATE;
        if (updated && failAfterMessages == 0) {
            throw new IllegalStateException("broken kv image: fails to start after an update");
        }
        return inner.onStart(ctx, s, reason);
    }

    @Override
    public KvServer.State handle(final ServerContext ctx, final KvServer.State s, final Envelope m) throws Exception {
        if (updated && ++handled == failAfterMessages) {
            throw new IllegalStateException("broken kv image: crashes on message " + handled + " after an update");
        }
        return inner.handle(ctx, s, m);
    }

    @Override
    public Optional<String> audit(final KvServer.State s) {
        return inner.audit(s);
    }
}
