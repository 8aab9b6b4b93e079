package dev.newt.net.wire;

import java.util.HexFormat;

/** Test helper: byte vectors written as spaced hex, the way packet dumps show them. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(final String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replaceAll("\\s+", ""));
    }

    static String of(final byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
