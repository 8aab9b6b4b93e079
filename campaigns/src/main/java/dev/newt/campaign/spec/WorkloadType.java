package dev.newt.campaign.spec;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workloads a campaign can run, each with its parameters and their defaults. */
public enum WorkloadType {
    /** A stream of {@code bytes} from one host to the other, every byte checked against a seeded pattern. */
    BULK("bulk", Map.of("bytes", 262_144L, "port", 5001L)),
    /** {@code requests} request/response exchanges over TCP, on one connection or a fresh one each. */
    RPC("rpc", Map.of("requests", 200L, "requestSize", 64L, "responseSize", 256L, "persistent", true,
        "port", 5002L)),
    /** {@code count} self-checking datagrams to an echo server, {@code window} outstanding at once. */
    UDP_ECHO("udp-echo", Map.of("count", 500L, "window", 8L, "size", 64L, "port", 7L)),
    /** {@code count} ICMP echo requests, one every {@code interval}. */
    PING("ping", Map.of("count", 100L, "interval", Duration.ofMillis(10))),
    /** {@code files} generated files of {@code fileSize} bytes fetched over HTTP/1.1 and checked. */
    HTTP("http", Map.of("files", 4L, "fileSize", 16_384L, "keepAlive", true, "port", 80L));

    private final String label;
    private final Map<String, Object> defaults;

    /** @return whether its client opens TCP connections (bulk, rpc, http) */
    public boolean stream() {
        return this == BULK || this == RPC || this == HTTP;
    }

    WorkloadType(final String label, final Map<String, Object> defaults) {
        this.label = label;
        this.defaults = new LinkedHashMap<>(defaults);
    }

    /** @return the name in campaign files, such as {@code udp-echo} */
    public String label() {
        return label;
    }

    /** @return the parameters and their defaults: Long, Boolean or Duration values */
    public Map<String, Object> defaults() {
        return Map.copyOf(defaults);
    }

    /** @return every label */
    public static List<String> labels() {
        return Arrays.stream(values()).map(WorkloadType::label).toList();
    }

    /** @param label a label @return its type, or {@code null} */
    public static WorkloadType of(final String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst().orElse(null);
    }
}
