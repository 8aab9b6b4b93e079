package dev.newt.net.app;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.stats.Counters;
import dev.newt.net.workload.ReplicaListeners;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A small HTTP/1.1 file server: {@code GET} only, bodies framed by {@code Content-Length},
 * persistent connections (HTTP/1.1 unless {@code Connection: close}; HTTP/1.0 only with
 * {@code Connection: keep-alive}), requests on one connection answered in order (pipelining
 * works). Answers: 200 with the file, 404 for a file it does not have, 405 for another method,
 * 400 for a malformed request line or header (then it closes the connection), 431 for a head over
 * 8 KiB. Files come from an in-memory map or from a directory (read when asked for; paths that
 * leave the directory are not found); {@code /} means {@code /index.html}.
 *
 * <p>A server of its host's sock, like the workloads, listening in every replica of the host's
 * stack ({@link ReplicaListeners}; a connection's key says its replica's sock): its state (connections and the bytes of
 * requests not yet complete, and its counters) is checkpointed. Counters in the state:
 * {@code requests}, and per status {@code status.<code>}.
 */
public final class HttpFileServer implements Server<HttpFileServer.State> {
    /** Most bytes one receive asks for. */
    public static final int RECEIVE_SIZE = 16 * 1024;
    /** Most bytes one send carries: a large file goes in several. */
    public static final int SEND_SIZE = 64 * 1024;
    /**
     * Most sends of one connection at sock not yet answered. The next send goes when sock answers
     * one ({@code StreamSent}: its bytes are in tcp's send buffer), so a response of any size holds
     * at most this many messages in sock's mailbox and lanes: a 64 MiB file once went as 1,025 sends
     * at once, overflowed sock's mailbox of 1,024 and stalled with the refused send's reset lost.
     */
    public static final int WINDOW = 4;
    /** Wait before trying again a send or close that sock's full mailbox refused. */
    static final Duration RETRY = Duration.ofMillis(1);

    /** The timer that tries the refused sends and closes again. */
    record RetrySends() {
    }

    /**
     * @param socks     the sock server of every replica of the host's stack, replica 0 first
     * @param port      the port to serve
     * @param files     files by path ({@code /a.txt}), or empty
     * @param directory a directory to serve files from when the map has not the path, or null
     */
    public record Config(List<String> socks, int port, Map<String, byte[]> files, Path directory) {
        /** Validates and copies the map. */
        public Config {
            socks = List.copyOf(Objects.requireNonNull(socks, "socks"));
            if (socks.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid http server: port " + port + ", socks " + socks);
            }
            files = Map.copyOf(files);
            directory = directory == null ? null : directory.toAbsolutePath().normalize();
        }

        /** A server on a host of one replica: serves at {@code sock}. */
        public Config(final String sock, final int port, final Map<String, byte[]> files, final Path directory) {
            this(List.of(Objects.requireNonNull(sock, "sock")), port, files, directory);
        }
    }

    /** One open connection: the bytes of requests not yet complete, the responses not yet sent. */
    public static final class Conn {
        /** Its key ({@link ReplicaListeners#key}: its replica and sock's id). */
        int id;
        byte[] buffer = new byte[0];
        long served;
        /** Bytes of responses handed to sock: the offset of the next send. */
        long sent;
        /** Responses not yet wholly handed to sock, oldest first. */
        List<Outgoing> out = new ArrayList<>();
        /** Sends at sock not yet answered (at most {@link #WINDOW}). */
        int inFlight;
        /** 0 while open; 1 for a graceful close, 2 for a reset, once every queued byte has gone to sock. */
        int closing;
    }

    /**
     * A response: its head (the whole of an error response) and, for a file, the file's path and
     * length; the body is read a send at a time, so the state (checkpointed) never holds a file.
     */
    public static final class Outgoing {
        byte[] head = new byte[0];
        /** The file whose bytes follow the head, or null. */
        String path;
        long bodyLength;
        /** Bytes of head and body handed to sock. */
        long at;

        long length() {
            return head.length + bodyLength;
        }
    }

    /** Checkpointed state. */
    public static final class State {
        ReplicaListeners.State listener = new ReplicaListeners.State();
        TreeMap<Integer, Conn> conns = new TreeMap<>();
        /** Receive requests at sock, to their connection. */
        TreeMap<Long, Integer> receives = new TreeMap<>();
        /** Send requests at sock, to their connection. */
        TreeMap<Long, Integer> sends = new TreeMap<>();
        Counters counters = new Counters();

        /** @return the counters */
        public Map<String, Long> counters() {
            return counters;
        }

        /** @return connections accepted */
        public long accepted() {
            return listener.accepted();
        }
    }

    private final Config cfg;
    private final ReplicaListeners loop;
    /** Whether a {@link RetrySends} timer is armed in this incarnation. */
    private boolean retryArmed;

    /** @param cfg the server's configuration */
    public HttpFileServer(final Config cfg) {
        this.cfg = cfg;
        this.loop = new ReplicaListeners(cfg.socks(), cfg.port(), 64);
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        loop.listen(ctx, s.listener);
        retryArmed = false;
        for (Conn c : s.conns.values()) {
            if (!c.out.isEmpty() || c.closing != 0) {
                armRetry(ctx);
                break;
            }
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (m.payload() instanceof ReplicaListeners.Relisten) {
            loop.listen(ctx, s.listener);
        } else if (m.payload() instanceof RetrySends) {
            retryArmed = false;
            for (Conn c : List.copyOf(s.conns.values())) {
                pump(ctx, s, c);
            }
        } else if (loop.owns(s.listener, m)) {
            final int key = loop.onReply(ctx, s.listener, m);
            if (key >= 0) {
                final Conn c = new Conn();
                c.id = key;
                s.conns.put(c.id, c);
                receive(ctx, s, c);
            }
        } else if (m.kind() == Envelope.Kind.REPLY && s.receives.containsKey(m.correlationId())) {
            final Conn c = s.conns.get(s.receives.remove(m.correlationId()));
            if (c != null && c.closing == 0) {
                received(ctx, s, c, m.payload());
            }
        } else if (m.kind() == Envelope.Kind.REPLY && s.sends.containsKey(m.correlationId())) {
            final Conn c = s.conns.get(s.sends.remove(m.correlationId()));
            if (c != null) {
                sent(ctx, s, c, m.payload());
            }
        } else if (m.kind() == Envelope.Kind.REPLY && m.payload() instanceof SocketError err) {
            s.counters.count("error." + err.code());
        }
        return s;
    }

    private void receive(final ServerContext ctx, final State s, final Conn c) {
        ctx.request(loop.sock(c.id), new StreamReceive(ReplicaListeners.connection(c.id), RECEIVE_SIZE)).ifPresent(call -> s.receives.put(call, c.id));
    }

    private void received(final ServerContext ctx, final State s, final Conn c, final Object p) {
        if (!(p instanceof StreamData d)) {
            s.counters.count("error." + (p instanceof SocketError err ? err.code() : "UNEXPECTED"));
            close(ctx, s, c, true);
            return;
        }
        if (d.data().length > 0) {
            final byte[] b = Arrays.copyOf(c.buffer, c.buffer.length + d.data().length);
            System.arraycopy(d.data(), 0, b, c.buffer.length, d.data().length);
            c.buffer = b;
        }
        while (true) {
            final Parsed<HttpRequest> parsed = HttpRequest.parse(c.buffer, c.buffer.length);
            if (parsed.malformed()) {
                final int status = parsed.error().startsWith("head longer") ? 431 : 400;
                respond(ctx, s, c, HttpResponses.error(status, parsed.error(), false, ""), status);
                close(ctx, s, c, false);
                return;
            }
            if (!parsed.complete()) {
                break;
            }
            final HttpRequest req = parsed.value();
            final long bodyLength = req.contentLength();
            if (bodyLength < 0) {
                respond(ctx, s, c, HttpResponses.error(400, "bad Content-Length", false, ""), 400);
                close(ctx, s, c, false);
                return;
            }
            if (c.buffer.length - parsed.length() < bodyLength) {
                break;
            }
            // A GET's body means nothing here: it is skipped.
            c.buffer = Arrays.copyOfRange(c.buffer, parsed.length() + (int) bodyLength, c.buffer.length);
            answer(ctx, s, c, req);
            if (!req.keepAlive()) {
                close(ctx, s, c, false);
                return;
            }
        }
        if (d.eof()) {
            close(ctx, s, c, false);
        } else {
            receive(ctx, s, c);
        }
    }

    private void answer(final ServerContext ctx, final State s, final Conn c, final HttpRequest req) {
        s.counters.count("requests");
        final boolean keep = req.keepAlive();
        if (!req.method().equals("GET")) {
            respond(ctx, s, c, HttpResponses.error(405, req.method() + " is not supported", keep, "Allow: GET\r\n"),
                405);
            return;
        }
        final String path = req.path().equals("/") ? "/index.html" : req.path();
        final long length;
        try {
            length = length(path);
        } catch (IOException e) {
            respond(ctx, s, c, HttpResponses.error(500, "cannot read " + path + ": " + e.getMessage(), keep, ""), 500);
            return;
        }
        if (length < 0) {
            respond(ctx, s, c, HttpResponses.error(404, "no file " + HttpHead.printable(path), keep, ""), 404);
            return;
        }
        final Outgoing o = new Outgoing();
        o.head = HttpResponses.head(200, HttpResponses.contentType(path), length, keep, "");
        o.path = path;
        o.bodyLength = length;
        queue(ctx, s, c, o, 200);
    }

    /** @return the file's length, or -1 when there is no such file */
    private long length(final String path) throws IOException {
        final byte[] inMap = cfg.files().get(path);
        if (inMap != null || cfg.directory() == null) {
            return inMap == null ? -1 : inMap.length;
        }
        final Path f = file(path);
        return f == null ? -1 : Files.size(f);
    }

    /** @return the file of the directory under {@code path}, or null when there is none */
    private Path file(final String path) {
        final Path f = cfg.directory().resolve(path.substring(1)).normalize();
        return f.startsWith(cfg.directory()) && Files.isRegularFile(f) ? f : null;
    }

    /**
     * Copies {@code n} bytes of the file from {@code from} into {@code into} at {@code at}.
     *
     * @throws IOException if the file is gone or shorter than when its response began
     */
    private void readBody(final String path, final long from, final byte[] into, final int at, final int n)
        throws IOException {
        final byte[] inMap = cfg.files().get(path);
        if (inMap != null) {
            System.arraycopy(inMap, (int) from, into, at, n);
            return;
        }
        final Path f = cfg.directory() == null ? null : file(path);
        if (f == null) {
            throw new IOException(path + " is gone");
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            final ByteBuffer b = ByteBuffer.wrap(into, at, n);
            long pos = from;
            while (b.hasRemaining()) {
                final int r = ch.read(b, pos);
                if (r < 0) {
                    throw new IOException(path + " is shorter than when its response began");
                }
                pos += r;
            }
        }
    }

    /** Queues a response held whole (an error: small). */
    private void respond(final ServerContext ctx, final State s, final Conn c, final byte[] response,
                         final int status) {
        final Outgoing o = new Outgoing();
        o.head = response;
        queue(ctx, s, c, o, status);
    }

    private void queue(final ServerContext ctx, final State s, final Conn c, final Outgoing o, final int status) {
        s.counters.count("status." + status);
        c.served++;
        c.out.add(o);
        pump(ctx, s, c);
    }

    /**
     * Hands sock the next chunks of the queued responses, up to {@link #WINDOW} sends outstanding,
     * each numbered with its stream offset so that sock keeps them in order; then the close asked
     * for, once nothing is queued. A send or close that sock's full mailbox refuses is tried again
     * after {@link #RETRY}: nothing is lost and no hole is left in the stream.
     */
    private void pump(final ServerContext ctx, final State s, final Conn c) {
        while (c.inFlight < WINDOW && !c.out.isEmpty()) {
            final Outgoing o = c.out.get(0);
            final int n = (int) Math.min(SEND_SIZE, o.length() - o.at);
            final byte[] chunk = new byte[n];
            try {
                fill(o, chunk);
            } catch (IOException e) {
                s.counters.count("error.read");
                c.out.clear();
                c.closing = 2;
                break;
            }
            final OptionalLong call = ctx.request(loop.sock(c.id),
                new StreamSend(ReplicaListeners.connection(c.id), chunk, c.sent));
            if (call.isEmpty()) {
                s.counters.count("send.busy");
                armRetry(ctx);
                return;
            }
            s.sends.put(call.getAsLong(), c.id);
            c.inFlight++;
            c.sent += n;
            o.at += n;
            if (o.at == o.length()) {
                c.out.remove(0);
            }
        }
        if (c.closing != 0 && c.out.isEmpty()) {
            if (ctx.request(loop.sock(c.id), new StreamClose(ReplicaListeners.connection(c.id), c.closing == 2)).isEmpty()) {
                s.counters.count("close.busy");
                armRetry(ctx);
                return;
            }
            s.conns.remove(c.id);
            s.counters.count("closed");
        }
    }

    /** Copies the response's next {@code chunk.length} bytes (head, then body) into {@code chunk}. */
    private void fill(final Outgoing o, final byte[] chunk) throws IOException {
        int at = 0;
        if (o.at < o.head.length) {
            at = (int) Math.min(chunk.length, o.head.length - o.at);
            System.arraycopy(o.head, (int) o.at, chunk, 0, at);
        }
        if (at < chunk.length) {
            readBody(o.path, o.at + at - o.head.length, chunk, at, chunk.length - at);
        }
    }

    /** sock answered a send: the next may go; a refusal (the connection was reset) ends the connection. */
    private void sent(final ServerContext ctx, final State s, final Conn c, final Object p) {
        c.inFlight--;
        if (!(p instanceof StreamSent)) {
            s.counters.count("error." + (p instanceof SocketError err ? err.code() : "UNEXPECTED"));
            c.out.clear();
            c.closing = 2;
        }
        pump(ctx, s, c);
    }

    private void armRetry(final ServerContext ctx) {
        if (!retryArmed && !ctx.replaying()) {
            retryArmed = true;
            ctx.setTimer(RETRY, new RetrySends());
        }
    }

    /** Closes (or resets) the connection once every byte queued for it has gone to sock. */
    private void close(final ServerContext ctx, final State s, final Conn c, final boolean reset) {
        if (c.closing == 0 || reset) {
            c.closing = reset ? 2 : 1;
        }
        if (reset) {
            c.out.clear();
        }
        pump(ctx, s, c);
    }

}
