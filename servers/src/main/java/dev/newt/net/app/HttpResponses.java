package dev.newt.net.app;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds the responses of {@link HttpFileServer}. */
final class HttpResponses {
    private HttpResponses() {
    }

    /**
     * @param status      the status code
     * @param contentType the body's media type
     * @param body        the body
     * @param keepAlive   whether the connection stays open
     * @param extra       more header lines, each ending with CRLF, or empty
     * @param withBody    false for a HEAD-like answer (head only)
     * @return the whole response, head and body
     */
    static byte[] response(final int status, final String contentType, final byte[] body, final boolean keepAlive,
                           final String extra, final boolean withBody) {
        final byte[] h = head(status, contentType, body.length, keepAlive, extra);
        final byte[] all = new byte[h.length + (withBody ? body.length : 0)];
        System.arraycopy(h, 0, all, 0, h.length);
        if (withBody) {
            System.arraycopy(body, 0, all, h.length, body.length);
        }
        return all;
    }

    /**
     * @param status        the status code
     * @param contentType   the body's media type
     * @param contentLength the body's length
     * @param keepAlive     whether the connection stays open
     * @param extra         more header lines, each ending with CRLF, or empty
     * @return the response's head, up to and with the empty line
     */
    static byte[] head(final int status, final String contentType, final long contentLength, final boolean keepAlive,
                       final String extra) {
        return ("HTTP/1.1 " + status + " " + reason(status) + "\r\n"
            + "Server: newt\r\n"
            + "Content-Type: " + contentType + "\r\n"
            + "Content-Length: " + contentLength + "\r\n"
            + "Connection: " + (keepAlive ? "keep-alive" : "close") + "\r\n"
            + extra
            + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * @param status    the status code
     * @param message   a line of text for the body
     * @param keepAlive whether the connection stays open
     * @param extra     more header lines, or empty
     * @return a plain-text error response
     */
    static byte[] error(final int status, final String message, final boolean keepAlive, final String extra) {
        return response(status, "text/plain; charset=utf-8",
            (status + " " + reason(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8), keepAlive,
            extra, true);
    }

    /** @param status a status code @return its reason phrase */
    static String reason(final int status) {
        switch (status) {
            case 200:
                return "OK";
            case 400:
                return "Bad Request";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 431:
                return "Request Header Fields Too Large";
            case 500:
                return "Internal Server Error";
            default:
                return "Status " + status;
        }
    }

    /** @param path a file path @return its media type, by extension */
    static String contentType(final String path) {
        final String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".html") || p.endsWith(".htm")) {
            return "text/html; charset=utf-8";
        } else if (p.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        } else if (p.endsWith(".css")) {
            return "text/css";
        } else if (p.endsWith(".js")) {
            return "text/javascript";
        } else if (p.endsWith(".json")) {
            return "application/json";
        } else if (p.endsWith(".png")) {
            return "image/png";
        } else if (p.endsWith(".jpg") || p.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return "application/octet-stream";
    }
}
