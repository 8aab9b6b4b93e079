package dev.newt.core.process;

import dev.newt.core.channel.EnvelopeCodec;
import dev.newt.core.channel.FrameIn;
import dev.newt.core.channel.FrameOut;
import dev.newt.core.channel.PayloadCodec;
import dev.newt.core.channel.RingChannel;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CurrentContext;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.store.StateCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The main of a server process: {@code ChildMain TO-CHILD-RING FROM-CHILD-RING}. It exits when its
 * parent dies ({@link ParentWatch}), beats a heartbeat every 10 ms on the inbound ring's trailer,
 * says READY, then serves the parent's records one at a time: the server it is told to run (built
 * by a {@link ServerRecipe}) handles each message with a {@link ChildContext} that carries its
 * effects to the parent. A handler that throws (a stack overflow included) is reported as a
 * failure and the process lives on; a JVM that runs out of memory exits.
 */
public final class ChildMain {
    static final StateCodec CODEC = new StateCodec();
    private static final StartReason[] REASONS = StartReason.values();

    final RingChannel in;
    final RingChannel out;
    final FrameIn frame = new FrameIn();
    final FrameOut record = new FrameOut();
    /** Payloads read with the running server's loader once it runs (its image's message types). */
    PayloadCodec payloads = new PayloadCodec(ChildMain.class.getClassLoader());
    private final Waiter waiter = new Waiter();
    private Running<?> running;

    private ChildMain(final RingChannel in, final RingChannel out) {
        this.in = in;
        this.out = out;
    }

    public static void main(final String[] args) {
        ParentWatch.start(Path.of(args[0]).toAbsolutePath().getParent());
        final ChildMain child = new ChildMain(RingChannel.open(Path.of(args[0])), RingChannel.open(Path.of(args[1])));
        final Thread heart = new Thread(() -> {
            while (true) {
                child.in.beat(System.currentTimeMillis());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "newt-heartbeat");
        heart.setDaemon(true);
        // Beats once warm: a spare with a heartbeat is ready to serve at once.
        child.warmUp();
        heart.start();
        child.record.reset().putLong(ProcessHandle.current().pid());
        child.write(Frames.READY);
        child.serve();
    }

    /** A warm spare does the codecs' first use before READY: Jackson's start-up is not part of a restart. */
    private void warmUp() {
        final Envelope e = new Envelope(Envelope.Kind.REQUEST, "warm", 1, "up", 1, new WarmUp(1, "x"), 0);
        final FrameOut o = new FrameOut();
        EnvelopeCodec.write(o, e, payloads);
        CODEC.decode("warm-up", CODEC.encode("warm-up", new WarmUp(2, "y")), WarmUp.class);
    }

    /** What the warm-up encodes. */
    record WarmUp(long n, String s) {
    }

    /** Writes {@link #record}, waiting while the ring is full (the parent reads it, or dies and so do we). */
    void write(final int type) {
        while (!out.offer(type, record)) {
            Thread.onSpinWait();
        }
    }

    /** @return the next record's type, waiting for it; its bytes are in {@link #frame} */
    int next() {
        waiter.reset();
        int type;
        while ((type = in.poll(frame)) == 0) {
            waiter.idle();
        }
        return type;
    }

    /** @return the answer to a question just written */
    long answer() {
        final int type = next();
        if (type != Frames.ANSWER) {
            throw new IllegalStateException("expected an answer from the parent, got record " + type);
        }
        return frame.getLong();
    }

    private void serve() {
        while (true) {
            final int type = next();
            switch (type) {
                case Frames.INIT -> init();
                case Frames.PRELOAD -> preload();
                case Frames.START, Frames.DELIVER, Frames.PEER_RESTARTED -> running.run(type);
                case Frames.AUDIT -> running.audit();
                case Frames.QUIESCENT -> running.quiescent();
                default -> throw new IllegalStateException("unexpected record " + type + " from the parent");
            }
        }
    }

    private void init() {
        final String recipe = frame.getString();
        final int n = frame.getInt();
        final List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(frame.getString());
        }
        final String name = frame.getString();
        final long epoch = frame.getLong();
        final boolean simulated = frame.getBoolean();
        final byte[] state = frame.getBytes();
        try {
            final ServerSpec<?> spec = ProcessIsolation.recipe(recipe).spec(name, args);
            payloads = new PayloadCodec(ProcessProxy.loaderOf(spec));
            running = new Running<>(this, spec, epoch, simulated, state);
            record.reset().putBoolean(false).putBytes(null);
            write(Frames.DONE);
        } catch (Throwable t) {
            failed(t);
        }
    }

    /**
     * A spare learns the servers it may be asked to run: it builds each one's spec and server and
     * round-trips an initial state through the codec, so that a restart in it loads no class.
     * Best effort: a failure here is the restart's to report.
     */
    private void preload() {
        final String recipe = frame.getString();
        final int n = frame.getInt();
        final List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(frame.getString());
        }
        final String name = frame.getString();
        try {
            final ServerSpec<?> spec = ProcessIsolation.recipe(recipe).spec(name, args);
            spec.newServer();
            CODEC.decode(name, CODEC.encode(name, spec.initialState()), spec.stateType());
        } catch (RuntimeException | LinkageError e) {
            // The real start will fail the same way, and say so.
        }
    }

    void failed(final Throwable t) {
        record.reset().putString(t.getClass().getName()).putString(String.valueOf(t.getMessage()));
        write(Frames.FAILED);
    }

    /** The server this process runs, its state and its context. */
    private static final class Running<S> {
        private final ChildMain main;
        private final ServerSpec<S> spec;
        private final Server<S> server;
        private final ChildContext ctx;
        private S state;

        @SuppressWarnings("unchecked")
        Running(final ChildMain main, final ServerSpec<?> spec, final long epoch, final boolean simulated,
                final byte[] state) {
            this.main = main;
            this.spec = (ServerSpec<S>) spec;
            this.server = this.spec.newServer();
            this.ctx = new ChildContext(main, spec.name(), epoch, simulated);
            this.state = CODEC.decode(spec.name(), state, this.spec.stateType());
        }

        void run(final int type) {
            final FrameIn f = main.frame;
            ctx.begin(f.getLong(), f.getBoolean(), f.getLong());
            CurrentContext.set(ctx);
            try {
                final S before = state;
                state = switch (type) {
                    case Frames.START -> server.onStart(ctx, state, REASONS[f.getInt()]);
                    case Frames.DELIVER -> {
                        final Envelope e = EnvelopeCodec.read(f, main.payloads);
                        ctx.handling = e;
                        yield server.handle(ctx, state, e);
                    }
                    default -> server.onPeerRestarted(ctx, state, peerRestarted(f));
                };
                final boolean send = !ctx.unchanged || state != before;
                main.record.reset().putBoolean(send).putBytes(send ? CODEC.encode(spec.name(), state) : null);
                main.write(Frames.DONE);
            } catch (Throwable t) {
                main.failed(t);
            } finally {
                ctx.handling = null;
                CurrentContext.set(null);
            }
        }

        private PeerRestarted peerRestarted(final FrameIn f) {
            final String peer = f.getString();
            final long peerEpoch = f.getLong();
            final int n = f.getInt();
            final List<PendingRequest> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final long id = f.getLong();
                final String to = f.getString();
                final Object payload = main.payloads.read(f);
                pending.add(new PendingRequest(id, to, payload, f.getLong()));
            }
            return new PeerRestarted(peer, peerEpoch, pending);
        }

        void audit() {
            final Optional<String> problem;
            try {
                problem = server.audit(state);
            } catch (Throwable t) {
                main.failed(t);
                return;
            }
            main.record.reset().putString(problem.orElse(null));
            main.write(Frames.AUDITED);
        }

        void quiescent() {
            final boolean q;
            try {
                q = server.quiescent(state);
            } catch (Throwable t) {
                main.failed(t);
                return;
            }
            main.record.reset().putLong(q ? 1 : 0);
            main.write(Frames.RESULT);
        }
    }
}
