package dev.newt.campaign.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML document into {@link Node}s that keep the line and column of every key and value,
 * from the locations the Jackson YAML parser gives each token.
 */
public final class YamlTree {
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
            return node(file, p);
        } catch (JsonProcessingException e) {
            final JsonLocation l = e.getLocation();
            throw new SyntaxException(l == null ? new Location(file, 1, 1) : at(file, l),
                "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SyntaxException(new Location(file, 1, 1), "cannot read: " + e.getMessage());
        }
    }

    private static Location at(final String file, final JsonLocation l) {
        return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static Node node(final String file, final JsonParser p) throws IOException, SyntaxException {
        final Location here = at(file, p.currentTokenLocation());
        final JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                final Map<String, MapNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    final String key = p.currentName();
                    final Location keyAt = at(file, p.currentTokenLocation());
                    p.nextToken();
                    final Node value = node(file, p);
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
                    items.add(node(file, p));
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
