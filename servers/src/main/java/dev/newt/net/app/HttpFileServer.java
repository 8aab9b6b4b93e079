package dev.newt.net.app;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.stats.Counters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
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
 * <p>A server of its host's sock, like the workloads: its state (connections and the bytes of
 * requests not yet complete, and its counters) is checkpointed. Counters in the state:
 * {@code requests}, and per status {@code status.<code>}.
 */
public final class HttpFileServer implements Server<HttpFileServer.State> {
    /** Most bytes one receive asks for. */
    public static final int RECEIVE_SIZE = 16 * 1024;
    /** Most bytes one send carries: a large file goes in several. */
    public static final int SEND_SIZE = 64 * 1024;
    /**
     * Most sends one response is cut into: they all go into sock's mailbox at once (1024 messages
     * by default, shared with tcp's answers), so a 64 MiB file in 64 KiB sends (1025 with the head)
     * could overflow it, and the refused send and the reset after it were lost, the download
     * stalling forever. A larger response goes in larger sends instead.
     */
    public static final int MAX_SENDS = 256;

    /**
     * @param sock      the host's sock server
     * @param port      the port to serve
     * @param files     files by path ({@code /a.txt}), or empty
     * @param directory a directory to serve files from when the map has not the path, or null
     */
    public record Config(String sock, int port, Map<String, byte[]> files, Path directory) {
        /** Validates and copies the map. */
        public Config {
            Objects.requireNonNull(sock, "sock");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid http server port " + port);
            }
            files = Map.copyOf(files);
            directory = directory == null ? null : directory.toAbsolutePath().normalize();
        }
    }

    /** One open connection: the bytes of requests not yet complete. */
    public static final class Conn {
        int id;
        byte[] buffer = new byte[0];
        long served;
        /** Bytes of responses handed to sock: the offset of the next send. */
        long sent;
    }

    /** Checkpointed state. */
    public static final class State {
        ListenerState listener = new ListenerState();
        TreeMap<Integer, Conn> conns = new TreeMap<>();
        /** Receive requests at sock, to their connection. */
        TreeMap<Long, Integer> receives = new TreeMap<>();
        Counters counters = new Counters();

        /** @return the counters */
        public Map<String, Long> counters() {
            return counters;
        }

        /** @return connections accepted */
        public long accepted() {
            return listener.accepted;
        }
    }

    private final Config cfg;
    private final AcceptLoop loop;

    /** @param cfg the server's configuration */
    public HttpFileServer(final Config cfg) {
        this.cfg = cfg;
        this.loop = new AcceptLoop(cfg.sock(), cfg.port(), 64);
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        loop.listen(ctx, s.listener);
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (m.payload() instanceof AcceptLoop.Relisten) {
            loop.listen(ctx, s.listener);
        } else if (loop.owns(s.listener, m)) {
            final StreamAccepted a = loop.onReply(ctx, s.listener, m);
            if (a != null) {
                final Conn c = new Conn();
                c.id = a.connectionId();
                s.conns.put(c.id, c);
                receive(ctx, s, c);
            }
        } else if (m.kind() == Envelope.Kind.REPLY && s.receives.containsKey(m.correlationId())) {
            final Conn c = s.conns.get(s.receives.remove(m.correlationId()));
            if (c != null) {
                received(ctx, s, c, m.payload());
            }
        } else if (m.kind() == Envelope.Kind.REPLY && m.payload() instanceof SocketError err) {
            s.counters.count("error." + err.code());
        }
        return s;
    }

    private void receive(final ServerContext ctx, final State s, final Conn c) {
        ctx.request(cfg.sock(), new StreamReceive(c.id, RECEIVE_SIZE)).ifPresent(call -> s.receives.put(call, c.id));
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
        final byte[] file;
        try {
            file = lookup(path);
        } catch (IOException e) {
            respond(ctx, s, c, HttpResponses.error(500, "cannot read " + path + ": " + e.getMessage(), keep, ""), 500);
            return;
        }
        if (file == null) {
            respond(ctx, s, c, HttpResponses.error(404, "no file " + HttpHead.printable(path), keep, ""), 404);
            return;
        }
        respond(ctx, s, c, HttpResponses.response(200, HttpResponses.contentType(path), file, keep, "", true), 200);
    }

    /** @return the file's bytes, or null when there is no such file */
    private byte[] lookup(final String path) throws IOException {
        final byte[] inMap = cfg.files().get(path);
        if (inMap != null || cfg.directory() == null) {
            return inMap;
        }
        final Path f = cfg.directory().resolve(path.substring(1)).normalize();
        if (!f.startsWith(cfg.directory()) || !Files.isRegularFile(f)) {
            return null;
        }
        return Files.readAllBytes(f);
    }

    /**
     * @param responseLength bytes of a response
     * @return the bytes per send: {@link #SEND_SIZE}, or more so as to need at most {@link #MAX_SENDS}
     */
    static int sendSize(final int responseLength) {
        return Math.max(SEND_SIZE, (int) ((responseLength + (long) MAX_SENDS - 1) / MAX_SENDS));
    }

    /**
     * Sends a response in at most {@link #MAX_SENDS} chunks of {@link #sendSize} bytes, numbered so that sock keeps them in
     * order. A chunk sock cannot take (its mailbox is full) would leave a hole in the stream: the
     * connection is reset instead.
     */
    private void respond(final ServerContext ctx, final State s, final Conn c, final byte[] response,
                         final int status) {
        s.counters.count("status." + status);
        c.served++;
        final int size = sendSize(response.length);
        for (int at = 0; at < response.length; at += size) {
            final byte[] chunk = Arrays.copyOfRange(response, at, Math.min(response.length, at + size));
            if (ctx.request(cfg.sock(), new StreamSend(c.id, chunk, c.sent)).isEmpty()) {
                s.counters.count("send-refused");
                close(ctx, s, c, true);
                return;
            }
            c.sent += chunk.length;
        }
    }

    private void close(final ServerContext ctx, final State s, final Conn c, final boolean reset) {
        ctx.request(cfg.sock(), new StreamClose(c.id, reset));
        s.conns.remove(c.id);
        s.counters.count("closed");
    }

}
