package dev.newt.report;

/** Charts draw through AWT; a report is written by a command-line tool, never on a screen. */
final class Headless {
    private Headless() {
    }

    /** Sets {@code java.awt.headless} unless the caller chose. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
