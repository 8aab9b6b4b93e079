package dev.newt.net.app;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A whole HTTP response, as {@link NewtHttpClient} returns it.
 *
 * @param status  the status code
 * @param reason  the reason phrase
 * @param headers header fields, names in lower case
 * @param body    the body, the caller's to keep
 */
public record HttpResponse(int status, String reason, Map<String, String> headers, byte[] body) {

    /** @return the body's CRC-32 */
    public long crc32() {
        return HttpFetch.crc(body, 0, body.length);
    }

    /** @return the body as UTF-8 text */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
