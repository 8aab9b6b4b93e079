package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Problems;
import dev.newt.campaign.yaml.MapNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.FaultSpecException;
import dev.newt.faults.FaultType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads faults and triggers of a campaign and checks them by the fault injector's own rules (its
 * {@link FaultSpec#fromMap}), so that the campaign accepts exactly what the injector accepts.
 */
final class FaultChecks {
    /** Keys of a fault besides its type's parameters. */
    private static final List<String> FAULT_KEYS = List.of("type", "class", "method");
    /** The keys of a trigger, as the injector reads them. */
    static final List<String> TRIGGER_KEYS = List.of("nth", "every", "probability", "always", "from", "to", "after",
        "until", "persistent");
    private static final List<String> TRIGGER_KINDS = List.of("nth", "every", "probability", "always");

    private FaultChecks() {
    }

    /** @return every fault type's label */
    static List<String> faultTypes() {
        return Arrays.stream(FaultType.values()).map(FaultType::label).toList();
    }

    /**
     * @param node     a fault: a type's name, or a map with {@code type}, the type's parameters and
     *                 optionally {@code class} and {@code method}
     * @param path     its key path
     * @param problems where problems go
     * @return the fault, or {@code null} (reported)
     */
    static FaultModel fault(final Node node, final String path, final Problems problems) {
        final Node typeNode = node instanceof MapNode m ? m.get("type") : node;
        if (typeNode == null) {
            problems.add(node.location(), path + ".type", "is required; fault types: " + String.join(", ",
                faultTypes()));
            return null;
        }
        if (!(typeNode instanceof ScalarNode ts && ts.type() == ScalarNode.Type.STRING)) {
            problems.add(typeNode.location(), path, "a fault is a fault type's name or a map with 'type', was "
                + typeNode.describe());
            return null;
        }
        final String type = ts.text();
        final String typePath = node instanceof MapNode ? path + ".type" : path;
        final FaultType ft = Arrays.stream(FaultType.values()).filter(t -> t.label().equals(type)).findFirst()
            .orElse(null);
        if (ft == null) {
            problems.unknown(typeNode.location(), typePath, "fault type", type, faultTypes());
            return null;
        }
        final Map<String, Object> params = new LinkedHashMap<>();
        String cls = null;
        String method = null;
        if (node instanceof MapNode m) {
            final List<String> keys = new ArrayList<>(FAULT_KEYS);
            keys.addAll(ft.parameterNames());
            boolean ok = true;
            for (MapNode.Entry e : m.entries().values()) {
                if (!keys.contains(e.key())) {
                    problems.unknown(e.keyLocation(), path + "." + e.key(), "parameter of fault type " + type, e.key(),
                        keys);
                    ok = false;
                } else if (e.key().equals("class") || e.key().equals("method")) {
                    if (!(e.value() instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING)) {
                        problems.add(e.value().location(), path + "." + e.key(), "must be a name pattern, was "
                            + e.value().describe());
                        ok = false;
                    } else if (e.key().equals("class")) {
                        cls = s.text();
                    } else {
                        method = s.text();
                    }
                } else if (!e.key().equals("type")) {
                    params.put(e.key(), CampaignReader.plain(e.value()));
                }
            }
            if (!ok) {
                return null;
            }
        }
        final Map<String, Object> probe = new LinkedHashMap<>(params);
        probe.put("type", type);
        probe.put("trigger", Map.of("always", true));
        if (!check(probe, node, path, problems)) {
            return null;
        }
        return new FaultModel(type, params, cls, method, node.location());
    }

    /**
     * @param node     a trigger: {@code nth:100}, {@code every:10}, {@code probability:0.01},
     *                 {@code always}, or a map of the injector's trigger fields
     * @param path     its key path
     * @param problems where problems go
     * @return the trigger, or {@code null} (reported)
     */
    static TriggerModel trigger(final Node node, final String path, final Problems problems) {
        final Map<String, Object> data = new LinkedHashMap<>();
        final String label;
        if (node instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
            label = s.text().trim();
            final int colon = label.indexOf(':');
            final String kind = colon < 0 ? label : label.substring(0, colon).trim();
            if (!TRIGGER_KINDS.contains(kind)) {
                problems.unknown(node.location(), path, "trigger", kind, TRIGGER_KINDS);
                return null;
            }
            if (colon < 0) {
                if (!kind.equals("always")) {
                    problems.add(node.location(), path, "trigger '" + kind + "' needs a value, such as " + kind
                        + (kind.equals("probability") ? ":0.01" : ":100"));
                    return null;
                }
                data.put("always", true);
            } else {
                data.put(kind, number(label.substring(colon + 1).trim()));
            }
        } else if (node instanceof MapNode m) {
            for (MapNode.Entry e : m.entries().values()) {
                if (!TRIGGER_KEYS.contains(e.key())) {
                    problems.unknown(e.keyLocation(), path + "." + e.key(), "trigger field", e.key(), TRIGGER_KEYS);
                    return null;
                }
                data.put(e.key(), CampaignReader.plain(e.value()));
            }
            label = data.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        } else {
            problems.add(node.location(), path, "a trigger is such as nth:100, every:10, probability:0.01, always, "
                + "or a map of trigger fields; was " + node.describe());
            return null;
        }
        final Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("type", "crash");
        probe.put("trigger", data);
        return check(probe, node, path, problems) ? new TriggerModel(label, data) : null;
    }

    private static Object number(final String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e2) {
                return text;
            }
        }
    }

    /** Runs the injector's own checks on a fault with a stand-in site; reports what it rejects. */
    private static boolean check(final Map<String, Object> data, final Node node, final String path,
                                 final Problems problems) {
        final Map<String, Object> probe = new LinkedHashMap<>(data);
        probe.put("id", "check");
        probe.put("server", "server");
        probe.put("class", "Class");
        probe.put("method", "method");
        try {
            FaultSpec.fromMap(probe);
            return true;
        } catch (FaultSpecException e) {
            problems.add(node.location(), path, e.getMessage().replaceFirst("^fault 'check': ", ""));
            return false;
        }
    }
}
