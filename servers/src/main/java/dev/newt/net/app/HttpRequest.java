package dev.newt.net.app;

import java.util.Map;

/**
 * The head of an HTTP/1.x request.
 *
 * @param method  the method, such as {@code GET}
 * @param target  the request target, such as {@code /index.html?x=1}
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param headers header fields, names in lower case
 */
public record HttpRequest(String method, String target, String version, Map<String, String> headers) {

    /** @return whether the connection stays open after the response (the HTTP/1.x defaults) */
    public boolean keepAlive() {
        return HttpHead.keepAlive(version, headers);
    }

    /** @return the length of the request body; -1 when its Content-Length is not a number */
    public long contentLength() {
        return HttpHead.contentLength(headers);
    }

    /** @return the path of the target, without its query */
    public String path() {
        final int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * Parses a request head from the bytes received so far.
     *
     * @param buf bytes received
     * @param len how many of them
     * @return the request head (and how many bytes it took), incomplete, or malformed with the reason
     */
    public static Parsed<HttpRequest> parse(final byte[] buf, final int len) {
        final Parsed<HttpHead.Lines> p = HttpHead.parse(buf, len);
        if (!p.complete()) {
            return p.malformed() ? Parsed.bad(p.error()) : Parsed.needMore();
        }
        final String line = p.value().startLine();
        final String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !HttpHead.isToken(parts[0]) || parts[1].isEmpty()
            || !(parts[1].startsWith("/") || parts[1].equals("*"))
            || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
            return Parsed.bad("bad request line '" + HttpHead.printable(line) + "'");
        }
        for (int i = 0; i < parts[1].length(); i++) {
            final char c = parts[1].charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return Parsed.bad("bad request target '" + HttpHead.printable(parts[1]) + "'");
            }
        }
        return Parsed.of(new HttpRequest(parts[0], parts[1], parts[2], p.value().headers()), p.length());
    }
}
