package dev.newt.campaign.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML document into {@link Node}s that keep the line and column of every key and value,
 * from the locations the Jackson YAML parser gives each token. An alias ({@code *name}) of a map
 * or list reads as the node its anchor ({@code &name}) marks, the same node shared, never copied;
 * an alias of a single value (whose anchor the parser does not report), a merge key ({@code <<})
 * and nesting deeper than {@value #MAX_DEPTH} levels are refused at their place, so that newt
 * never runs a campaign other than the one written.
 */
public final class YamlTree {
    /** How deep maps and lists may nest: a campaign nests about five levels. */
    public static final int MAX_DEPTH = 64;
    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlTree() {
    }

    /** A document that is not YAML at all, or has a key twice: fatal, since nothing after can be trusted. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Location location;

        SyntaxException(final Location location, final String message) {
            super(location + ": " + message);
            this.location = location;
        }

        /** @return where the problem is */
        public Location location() {
            return location;
        }
    }

    /**
     * @param file    the file's name, for locations
     * @param content the document
     * @return the document's root node ({@code null} content reads as an empty map)
     * @throws SyntaxException at the first syntax error or duplicate key
     */
    public static Node read(final String file, final String content) throws SyntaxException {
        try (JsonParser p = YAML.createParser(content)) {
            final JsonToken first = p.nextToken();
            if (first == null) {
                return new MapNode(new Location(file, 1, 1), Map.of());
            }
            return node(file, p, new HashMap<>(), 0);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // The YAML parser's own place and words, not where Jackson's last token was.
                throw new SyntaxException(new Location(file, m.getProblemMark().getLine() + 1,
                    m.getProblemMark().getColumn() + 1), "not valid YAML: " + problem(m.getProblem()));
            }
            final JsonLocation l = e.getLocation();
            throw new SyntaxException(l == null ? new Location(file, 1, 1) : at(file, l),
                "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SyntaxException(new Location(file, 1, 1), "cannot read: " + e.getMessage());
        }
    }

    private static String problem(final String p) {
        if (p == null) {
            return "a syntax error";
        }
        return p.contains("\\t") || p.contains("\t") ? "a tab cannot indent YAML; indent with spaces" : p;
    }

    private static Location at(final String file, final JsonLocation l) {
        return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static Node node(final String file, final JsonParser p, final Map<String, Node> anchors, final int depth)
        throws IOException, SyntaxException {
        final Location here = at(file, p.currentTokenLocation());
        final YAMLParser y = (YAMLParser) p;
        if (y.isCurrentAlias()) {
            final Node target = anchors.get(p.getText());
            if (target == null) {
                // The YAML parser reports the anchors of maps and lists, not those of single values.
                throw new SyntaxException(here, "alias '*" + p.getText() + "' cannot be resolved: newt resolves "
                    + "aliases of maps and lists anchored before them ('&" + p.getText() + " {...}'), not of single "
                    + "values; write the value out");
            }
            return target;
        }
        final String anchor = y.getCurrentAnchor();
        final Node n = value(file, p, anchors, depth, here);
        if (anchor != null) {
            anchors.put(anchor, n);
        }
        return n;
    }

    private static Node value(final String file, final JsonParser p, final Map<String, Node> anchors, final int depth,
                              final Location here) throws IOException, SyntaxException {
        final JsonToken t = p.currentToken();
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
            throw new SyntaxException(here, "maps and lists nested more than " + MAX_DEPTH + " levels deep");
        }
        switch (t) {
            case START_OBJECT -> {
                final Map<String, MapNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    final String key = p.currentName();
                    final Location keyAt = at(file, p.currentTokenLocation());
                    if (key.equals("<<")) {
                        throw new SyntaxException(keyAt, "merge keys ('<<') are not supported: write the keys out");
                    }
                    p.nextToken();
                    final Node value = node(file, p, anchors, depth + 1);
                    if (entries.containsKey(key)) {
                        throw new SyntaxException(keyAt, "key '" + key + "' appears twice in this map (first at "
                            + entries.get(key).keyLocation() + ")");
                    }
                    entries.put(key, new MapNode.Entry(key, keyAt, value));
                }
                return new MapNode(here, entries);
            }
            case START_ARRAY -> {
                final List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(file, p, anchors, depth + 1));
                }
                return new ListNode(here, items);
            }
            case VALUE_STRING -> {
                return new ScalarNode(here, p.getText(), ScalarNode.Type.STRING);
            }
            case VALUE_NUMBER_INT -> {
                return new ScalarNode(here, p.getText(), ScalarNode.Type.INTEGER);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ScalarNode(here, p.getText(), ScalarNode.Type.FLOAT);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ScalarNode(here, p.getText(), ScalarNode.Type.BOOLEAN);
            }
            case VALUE_NULL -> {
                return new ScalarNode(here, null, ScalarNode.Type.NULL);
            }
            default -> throw new SyntaxException(here, "unexpected " + t);
        }
    }
}
