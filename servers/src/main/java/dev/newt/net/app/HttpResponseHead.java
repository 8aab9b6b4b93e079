package dev.newt.net.app;

import java.util.Map;

/**
 * The head of an HTTP/1.x response.
 *
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param status  the status code
 * @param reason  the reason phrase
 * @param headers header fields, names in lower case
 */
public record HttpResponseHead(String version, int status, String reason, Map<String, String> headers) {

    /** @return the body length from Content-Length; -1 when absent or not a number */
    public long contentLength() {
        return headers.containsKey("content-length") ? HttpHead.contentLength(headers) : -1;
    }

    /** @return whether the server keeps the connection open after this response */
    public boolean keepAlive() {
        return HttpHead.keepAlive(version, headers);
    }

    /**
     * Parses a response head from the bytes received so far.
     *
     * @param buf bytes received
     * @param len how many of them
     * @return the response head, incomplete, or malformed with the reason
     */
    public static Parsed<HttpResponseHead> parse(final byte[] buf, final int len) {
        final Parsed<HttpHead.Lines> p = HttpHead.parse(buf, len);
        if (!p.complete()) {
            return p.malformed() ? Parsed.bad(p.error()) : Parsed.needMore();
        }
        final String line = p.value().startLine();
        final String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !(parts[0].equals("HTTP/1.1") || parts[0].equals("HTTP/1.0"))
            || !parts[1].matches("[1-5][0-9][0-9]")) {
            return Parsed.bad("bad status line '" + HttpHead.printable(line) + "'");
        }
        return Parsed.of(new HttpResponseHead(parts[0], Integer.parseInt(parts[1]), parts.length == 3 ? parts[2] : "",
            p.value().headers()), p.length());
    }
}
