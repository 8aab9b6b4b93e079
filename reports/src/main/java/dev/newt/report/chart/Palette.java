package dev.newt.report.chart;

import dev.newt.results.Outcome;
import dev.newt.core.event.UpdatePhase;
import dev.newt.results.Phase;
import java.awt.Color;
import java.util.Locale;

/** The report's colours, shared by the charts and the page's style sheet. */
public final class Palette {
    private Palette() {
    }

    /** @param outcome an outcome @return its colour: greys for nothing happened, green to red by severity */
    public static Color outcome(final Outcome outcome) {
        return switch (outcome) {
            case NOT_ACTIVATED -> new Color(0xbdbdbd);
            case MASKED -> new Color(0x9ecae1);
            case RECOVERED -> new Color(0x41ab5d);
            case DEGRADED -> new Color(0xfdae6b);
            case CORRUPTED -> new Color(0x9e6ad8);
            case FAILED -> new Color(0xd62728);
            case HARNESS_ERROR -> new Color(0xc7b08a);
        };
    }

    /** @param kind a phase kind, such as {@code fault} or {@code update:quiesce} @return its opaque colour */
    public static Color phase(final String kind) {
        if (kind.startsWith(Phase.UPDATE)) {
            return switch (kind.substring(Phase.UPDATE.length())) {
                case UpdatePhase.QUIESCE -> new Color(0x6baed6);
                case UpdatePhase.TRANSFER -> new Color(0x3182bd);
                case UpdatePhase.PROBATION -> new Color(0x9ecae1);
                case UpdatePhase.ROLLBACK -> new Color(0xfd8d3c);
                default -> new Color(0x756bb1);
            };
        }
        return switch (kind) {
            case Phase.FAULT -> new Color(0xe31a1c);
            case Phase.RECOVERY -> new Color(0xfec44f);
            case Phase.GAVE_UP -> new Color(0x252525);
            case Phase.OUTAGE -> new Color(0x8c6bb1);
            default -> new Color(0x969696);
        };
    }

    /** @param color a colour @param alpha 0 to 255 @return it, translucent */
    public static Color translucent(final Color color, final int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /** @param color a colour @return it as CSS, such as {@code #41ab5d} */
    public static String css(final Color color) {
        return String.format(Locale.ROOT, "#%06x", color.getRGB() & 0xffffff);
    }
}
