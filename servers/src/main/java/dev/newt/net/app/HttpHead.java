package dev.newt.net.app;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing of the head of an HTTP/1.x message (start line and header fields, up to the blank line),
 * shared by requests and responses. Lines end with CRLF; header names are tokens and are kept in
 * lower case; a head longer than {@link #MAX_HEAD} bytes is malformed.
 */
final class HttpHead {
    /** Longest head accepted, blank line included. */
    static final int MAX_HEAD = 8192;

    /** A start line and the header fields. */
    record Lines(String startLine, Map<String, String> headers, int length) {
    }

    private HttpHead() {
    }

    /**
     * @param buf bytes received
     * @param len how many of them
     * @return the lines of the head, incomplete, or malformed
     */
    static Parsed<Lines> parse(final byte[] buf, final int len) {
        final int end = find(buf, Math.min(len, MAX_HEAD + 4));
        if (end < 0) {
            return len >= MAX_HEAD ? Parsed.bad("head longer than " + MAX_HEAD + " bytes") : Parsed.needMore();
        }
        final String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        final String[] lines = head.split("\r\n", -1);
        final Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final String line = lines[i];
            final int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                return Parsed.bad("bad header line '" + printable(line) + "'");
            }
            final String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            final String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return Parsed.of(new Lines(lines[0], Collections.unmodifiableMap(headers), end + 4), end + 4);
    }

    /** @return the index of the CRLFCRLF ending the head, or -1 */
    private static int find(final byte[] buf, final int len) {
        for (int i = 0; i + 3 < len; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** @return whether {@code s} is an RFC 9110 token */
    static boolean isToken(final String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param headers header fields, names in lower case
     * @return the Content-Length, 0 when absent, or -1 when it is not a number
     */
    static long contentLength(final Map<String, String> headers) {
        final String v = headers.get("content-length");
        if (v == null) {
            return 0;
        }
        try {
            final long n = Long.parseLong(v.trim());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param version  {@code HTTP/1.0} or {@code HTTP/1.1}
     * @param headers  header fields, names in lower case
     * @return whether the connection stays open after this message
     */
    static boolean keepAlive(final String version, final Map<String, String> headers) {
        final String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        if ("HTTP/1.1".equals(version)) {
            return !connection.contains("close");
        }
        return connection.contains("keep-alive");
    }

    /** @return {@code s} with control characters escaped and cut to 80 characters, for messages */
    static String printable(final String s) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            final char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
