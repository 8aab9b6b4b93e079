package dev.newt.demo;

/** The messages of the pipeline demo: source -> transform -> sink, with credits back to the source. */
public final class PipelineMessages {
    private PipelineMessages() {
    }

    /** Asks the source to emit {@code total} items and to crash the transform after item {@code crashAfter}. */
    public record Start(long total, long crashAfter) {
    }

    /** One work item. */
    public record Item(long seq) {
    }

    /** An item with the transform's running digest after it. */
    public record Digested(long seq, long digest) {
    }

    /** The sink consumed {@code items} more items: the source may send that many more. */
    public record Credit(int items) {
    }

    /** A crash injected into the transform by hand. */
    public record Crash() {
    }

    /** Self-message of the source: keep emitting. */
    public record More() {
    }

    /**
     * The sink's verdict, sent to the demo driver when every item has arrived.
     *
     * @param received    items received
     * @param lost        sequence numbers skipped
     * @param duplicated  items received more than once
     * @param wrongDigest items whose digest differed from the one the sink recomputed
     */
    public record Verdict(long received, long lost, long duplicated, long wrongDigest) {
    }

    /** The digest step both the transform and the sink compute: a running polynomial hash. */
    public static long step(final long digest, final long seq) {
        return digest * 31 + (seq ^ (seq >>> 7));
    }
}
