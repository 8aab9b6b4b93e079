package dev.newt.campaign.spec;

import dev.newt.campaign.yaml.Location;
import java.util.Map;

/**
 * What to inject: a fault type of the injector, its parameters, and optionally which methods
 * (by default the target server's {@code handle}).
 *
 * @param type         a fault type label, such as {@code crash}
 * @param params       the type's parameters as written
 * @param classPattern class name glob, or {@code null} for the target's server class
 * @param method       method name glob, or {@code null} for {@code handle}
 * @param location     where it is written, for errors found when it is woven
 */
public record FaultModel(String type, Map<String, Object> params, String classPattern, String method,
                         Location location) {
    /** Freezes the parameters. */
    public FaultModel {
        params = Map.copyOf(params);
    }

    /** @return the type with any parameters, for results: {@code delay(delay=5ms)} */
    public String label() {
        if (params.isEmpty()) {
            return type;
        }
        final StringBuilder sb = new StringBuilder(type).append('(');
        new java.util.TreeMap<>(params).forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ",")
            .append(k).append('=').append(v));
        return sb.append(')').toString();
    }
}
