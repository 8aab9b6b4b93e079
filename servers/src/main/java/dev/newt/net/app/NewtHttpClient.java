package dev.newt.net.app;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.api.NewtSocket;
import dev.newt.net.wire.Ipv4Address;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A blocking HTTP/1.1 client over one {@link NewtSocket}, for application threads on the threaded
 * executor: {@code GET}s on a persistent connection, bodies framed by {@code Content-Length}.
 * <pre>{@code
 * try (NewtHttpClient http = NewtHttpClient.connect(runtime, "a", Ipv4Address.parse("10.0.0.2"), 80,
 *         Duration.ofSeconds(5))) {
 *     HttpResponse r = http.get("/index.html");
 * }
 * }</pre>
 * Not thread-safe: one request at a time.
 */
public final class NewtHttpClient implements AutoCloseable {
    private final NewtSocket socket;
    private final InputStream in;
    private final String hostHeader;
    private boolean serverClosed;

    private NewtHttpClient(final NewtSocket socket, final String hostHeader) {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.hostHeader = hostHeader;
    }

    /**
     * Connects to an HTTP server.
     *
     * @param runtime a started runtime on the threaded executor
     * @param host    the host to connect from
     * @param server  the server's address
     * @param port    its port
     * @param timeout the longest wait for the connection and for each response
     * @return the client
     * @throws IOException as {@link NewtSocket#connect(NewtRuntime, String, Ipv4Address, int, Duration)}
     */
    public static NewtHttpClient connect(final NewtRuntime runtime, final String host, final Ipv4Address server,
                                         final int port, final Duration timeout) throws IOException {
        final NewtSocket s = NewtSocket.connect(runtime, host, server, port, timeout);
        s.setSoTimeout(timeout);
        s.setWriteTimeout(timeout);
        return new NewtHttpClient(s, server + ":" + port);
    }

    /**
     * Fetches a path, keeping the connection open.
     *
     * @param path the request target, starting with {@code /}
     * @return the response
     * @throws ProtocolException if the server's answer is not an HTTP response with a Content-Length
     * @throws IOException       if the connection fails, is closed early, or a read times out
     */
    public HttpResponse get(final String path) throws IOException {
        return get(path, false);
    }

    /**
     * @param path  the request target, starting with {@code /}
     * @param close whether to ask the server to close the connection after answering
     * @return the response
     * @throws IOException as {@link #get(String)}
     */
    public HttpResponse get(final String path, final boolean close) throws IOException {
        Objects.requireNonNull(path, "path");
        if (serverClosed) {
            throw new ProtocolException("the server closed the connection after its last response");
        }
        final String req = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n"
            + (close ? "Connection: close\r\n" : "") + "\r\n";
        socket.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
        final byte[] headBytes = readHead();
        final Parsed<HttpResponseHead> head = HttpResponseHead.parse(headBytes, headBytes.length);
        if (!head.complete()) {
            throw new ProtocolException("bad response to GET " + path + ": "
                + (head.malformed() ? head.error() : "incomplete head"));
        }
        final HttpResponseHead h = head.value();
        final long length = h.contentLength();
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new ProtocolException("response to GET " + path + " has no usable Content-Length");
        }
        final byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new ProtocolException("connection closed after " + body.length + " of " + length
                + " body bytes of GET " + path);
        }
        serverClosed = !h.keepAlive();
        return new HttpResponse(h.status(), h.reason(), h.headers(), body);
    }

    /** @return the head's bytes, up to and including the blank line */
    private byte[] readHead() throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        int matched = 0;
        while (matched < 4) {
            final int c = in.read();
            if (c < 0) {
                throw new ProtocolException("connection closed after " + b.size() + " bytes of a response head");
            }
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                ? matched + 1 : (c == '\r' ? 1 : 0);
            if (b.size() > HttpHead.MAX_HEAD) {
                throw new ProtocolException("response head longer than " + HttpHead.MAX_HEAD + " bytes");
            }
        }
        return b.toByteArray();
    }

    /** @return the connection underneath */
    public NewtSocket socket() {
        return socket;
    }

    /** Closes the connection. */
    @Override
    public void close() {
        socket.close();
    }
}
