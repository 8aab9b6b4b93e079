package dev.newt.serve;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Who may call the control API, which can crash servers: requests must name this machine's
 * loopback as their {@code Host} (so a web page whose domain was rebound to 127.0.0.1 is refused),
 * must not come from a foreign {@code Origin} (a page of another site, which a browser lets send
 * requests, never gets an answer or a side effect), and mutating ones (every method but GET and
 * HEAD) must carry the token printed at start, compared in constant time. No CORS header is ever
 * sent, so no other origin can read an answer either.
 */
final class AccessGuard {
    /** The header a client sends the token in: {@code Authorization: Bearer TOKEN}. */
    static final String AUTHORIZATION = "Authorization";
    /** The other header it may use: {@code X-Newt-Token: TOKEN} (what the dashboard sends). */
    static final String TOKEN_HEADER = "X-Newt-Token";
    private static final String BEARER = "bearer ";

    private final byte[] tokenDigest;
    private final Set<String> hosts;
    private final Set<String> origins;

    /** Why a request is refused: its status and message. */
    record Refusal(int status, String error) {
    }

    /**
     * @param token the token mutating requests must carry (non-empty)
     * @param port  the port the API listens on
     */
    AccessGuard(final String token, final int port) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--token must not be empty");
        }
        this.tokenDigest = sha256(token);
        this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
        this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port);
    }

    /** @return a new random token: 128 bits, hex */
    static String newToken() {
        final byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * @param method  the request's method
     * @param headers its headers
     * @return why it is refused, or {@code null} if it may go on
     */
    Refusal check(final String method, final Headers headers) {
        final String host = headers.getFirst("Host");
        if (host != null && !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return new Refusal(403, "Host '" + host + "' is not this control plane's (it answers 127.0.0.1 only)");
        }
        final String origin = headers.getFirst("Origin");
        if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            return new Refusal(403, "requests from origin '" + origin + "' are refused");
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return null;
        }
        final String given = given(headers);
        if (given == null) {
            return new Refusal(401, method + " needs the token printed at start: header '" + AUTHORIZATION
                + ": Bearer TOKEN' (or '" + TOKEN_HEADER + ": TOKEN')");
        }
        // Digests of equal length, compared in time independent of where they differ.
        if (!MessageDigest.isEqual(tokenDigest, sha256(given))) {
            return new Refusal(401, "wrong token");
        }
        return null;
    }

    private static String given(final Headers headers) {
        final String auth = headers.getFirst(AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return auth.substring(BEARER.length()).trim();
        }
        final String t = headers.getFirst(TOKEN_HEADER);
        return t == null ? null : t.trim();
    }

    private static byte[] sha256(final String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
