package dev.newt.example.kv.udp;

import dev.newt.example.kv.api.Get;
import dev.newt.example.kv.api.Put;
import dev.newt.example.kv.api.Stored;
import dev.newt.example.kv.api.Value;
import java.nio.charset.StandardCharsets;

/**
 * The datagram format: one request or answer per datagram, as UTF-8 text {@code id TAB kind TAB key
 * [TAB value]}, kinds {@code P} (put), {@code G} (get), {@code S} (stored) and {@code V} (value).
 * Keys and values hold no tab.
 */
final class KvFrames {
    private KvFrames() {
    }

    /** A decoded datagram: its request id and the message it carries. */
    record Frame(long id, Object message) {
    }

    static byte[] encode(final long id, final Object message) {
        final String text;
        if (message instanceof Put p) {
            text = id + "\tP\t" + p.key() + "\t" + p.value();
        } else if (message instanceof Get g) {
            text = id + "\tG\t" + g.key();
        } else if (message instanceof Stored s) {
            text = id + "\tS\t" + s.key();
        } else if (message instanceof Value v) {
            text = id + "\tV\t" + v.key() + "\t" + v.value();
        } else {
            throw new IllegalArgumentException("not a key-value message: " + message);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the frame, or null when the datagram is not one */
    static Frame decode(final byte[] data) {
        final String[] f = new String(data, StandardCharsets.UTF_8).split("\t", -1);
        if (f.length < 3) {
            return null;
        }
        final long id;
        try {
            id = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        final String value = f.length > 3 ? f[3] : "";
        return switch (f[1]) {
            case "P" -> new Frame(id, new Put(f[2], value));
            case "G" -> new Frame(id, new Get(f[2]));
            case "S" -> new Frame(id, new Stored(f[2]));
            case "V" -> new Frame(id, new Value(f[2], value));
            default -> null;
        };
    }
}
