package dev.newt.net.pcap;

import java.io.IOException;

/** A capture file that is not valid classic pcap; the message names the file and the byte offset. */
public final class PcapFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file (or stream) name. */
    private final String source;
    /** Byte offset where the problem starts. */
    private final long offset;

    /**
     * @param source  the file (or stream) name
     * @param offset  byte offset in it where the problem starts
     * @param problem what is wrong
     */
    public PcapFormatException(final String source, final long offset, final String problem) {
        super(source + ": malformed pcap at byte offset " + offset + ": " + problem);
        this.source = source;
        this.offset = offset;
    }

    /** @return the file (or stream) name */
    public String source() {
        return source;
    }

    /** @return the byte offset where the problem starts */
    public long offset() {
        return offset;
    }
}
