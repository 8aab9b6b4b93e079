package dev.newt.report.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Renders an XChart chart as SVG markup to embed in an HTML page: no XML prolog or DOCTYPE (which
 * would name an external DTD), and element ids made unique in the page and the same on every run
 * (VectorGraphics2D names clip paths by identity hash codes).
 */
public final class InlineSvg {
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");
    private static final Pattern PATH_DATA = Pattern.compile("\\bd=\"([^\"]*)\"");
    private static final Pattern LONG_DECIMAL = Pattern.compile("(\\d\\.\\d)\\d+");

    private InlineSvg() {
    }

    /**
     * @param chart  the chart
     * @param prefix unique in the page, such as {@code chart3}
     * @return the {@code <svg>} element
     */
    public static String render(final Chart<?, ?> chart, final String prefix) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + prefix, e);
        }
        final String svg = out.toString(StandardCharsets.UTF_8);
        final int start = svg.indexOf("<svg");
        if (start < 0) {
            throw new IllegalStateException("chart " + prefix + " rendered no <svg> element");
        }
        return renameIds(roundPaths(svg.substring(start).strip()), prefix);
    }

    /**
     * XChart draws every letter as an outline; coordinates cut to a tenth of a pixel halve the page
     * and look the same on screen.
     */
    static String roundPaths(final String svg) {
        final Matcher m = PATH_DATA.matcher(svg);
        final StringBuilder out = new StringBuilder(svg.length() / 2);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                "d=\"" + LONG_DECIMAL.matcher(m.group(1)).replaceAll("$1") + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String renameIds(final String svg, final String prefix) {
        final Map<String, String> names = new LinkedHashMap<>();
        final Matcher m = ID.matcher(svg);
        while (m.find()) {
            names.putIfAbsent(m.group(1), prefix + "-" + names.size());
        }
        String renamed = svg;
        for (Map.Entry<String, String> e : names.entrySet()) {
            renamed = renamed.replace("id=\"" + e.getKey() + "\"", "id=\"" + e.getValue() + "\"")
                .replace("url(#" + e.getKey() + ")", "url(#" + e.getValue() + ")")
                .replace("href=\"#" + e.getKey() + "\"", "href=\"#" + e.getValue() + "\"");
        }
        return renamed;
    }
}
