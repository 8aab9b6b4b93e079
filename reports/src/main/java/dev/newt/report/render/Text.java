package dev.newt.report.render;

import java.nio.charset.StandardCharsets;

/** Escaping for the outputs: every name and message in a report comes from files, so none is trusted. */
final class Text {
    private Text() {
    }

    /** @param s any text, or null @return it safe as HTML/XML text or attribute value */
    static String html(final String s) {
        if (s == null) {
            return "";
        }
        final StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // XML 1.0 forbids most control characters even as references.
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        b.append(c);
                    } else if (c == '\r') {
                        b.append('\n');
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }

    /** @param s any text, or null @return it on one line, safe in a Markdown table cell */
    static String markdown(final String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")
            .replace("<", "&lt;").replace(">", "&gt;").replace("\r", " ").replace("\n", " ");
    }

    /** @param relative a path relative to the results directory @return it as a URL path, percent-encoded */
    static String href(final String relative) {
        final StringBuilder b = new StringBuilder();
        for (byte x : relative.getBytes(StandardCharsets.UTF_8)) {
            final char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '/') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    /** @param relative a path @return its last segment */
    static String fileName(final String relative) {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }
}
