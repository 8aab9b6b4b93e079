package dev.newt.net.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing of HTTP request and response heads. */
class HttpParsingTest {

    private static Parsed<HttpRequest> request(final String text) {
        final byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequest.parse(b, b.length);
    }

    @Test
    void aCompleteRequestHeadIsParsedWithItsLength() {
        final Parsed<HttpRequest> p = request("GET /a.txt?x=1 HTTP/1.1\r\nHost: h\r\nX-Two: 2\r\n\r\nrest");
        assertThat(p.complete()).isTrue();
        assertThat(p.length()).isEqualTo(46);
        final HttpRequest r = p.value();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.target()).isEqualTo("/a.txt?x=1");
        assertThat(r.path()).isEqualTo("/a.txt");
        assertThat(r.headers()).containsEntry("host", "h").containsEntry("x-two", "2");
        assertThat(r.keepAlive()).isTrue();
        assertThat(r.contentLength()).isZero();
    }

    @Test
    void anIncompleteHeadAsksForMore() {
        final Parsed<HttpRequest> p = request("GET / HTTP/1.1\r\nHost: h\r\n");
        assertThat(p.complete()).isFalse();
        assertThat(p.malformed()).isFalse();
    }

    @Test
    void badRequestLinesAndHeadersAreMalformed() {
        assertThat(request("GARBAGE\r\n\r\n").error()).isEqualTo("bad request line 'GARBAGE'");
        assertThat(request("GET /x HTTP/2.0\r\n\r\n").malformed()).isTrue();
        assertThat(request("GET x HTTP/1.1\r\n\r\n").malformed()).isTrue();
        assertThat(request("GET  /x HTTP/1.1\r\n\r\n").malformed()).isTrue();
        assertThat(request("G(T /x HTTP/1.1\r\n\r\n").malformed()).isTrue();
        assertThat(request("GET /x HTTP/1.1\r\nno colon\r\n\r\n").error()).isEqualTo("bad header line 'no colon'");
        assertThat(request("GET /x HTTP/1.1\r\nX: " + "a".repeat(9000)).error())
            .isEqualTo("head longer than 8192 bytes");
    }

    @Test
    void keepAliveFollowsTheVersionDefaults() {
        assertThat(request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").value().keepAlive()).isFalse();
        assertThat(request("GET / HTTP/1.0\r\n\r\n").value().keepAlive()).isFalse();
        assertThat(request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").value().keepAlive()).isTrue();
        assertThat(request("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n").value().contentLength()).isEqualTo(-1);
    }

    @Test
    void responseHeadsGiveStatusAndLength() {
        final byte[] b = "HTTP/1.1 404 Not Found\r\nContent-Length: 12\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        final Parsed<HttpResponseHead> p = HttpResponseHead.parse(b, b.length);
        assertThat(p.value().status()).isEqualTo(404);
        assertThat(p.value().reason()).isEqualTo("Not Found");
        assertThat(p.value().contentLength()).isEqualTo(12);
        assertThat(p.length()).isEqualTo(b.length);
        final byte[] bad = "HTTP/1.1 abc\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HttpResponseHead.parse(bad, bad.length).malformed()).isTrue();
    }
}
