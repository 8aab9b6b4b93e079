package dev.newt.net.pcap;

/**
 * Constants of the classic libpcap file format (https://www.tcpdump.org/manpages/pcap-savefile.5.html):
 * a 24-byte global header, then per packet a 16-byte record header and the captured bytes.
 */
final class PcapFormat {
    /** Magic of microsecond-resolution files, as written in the file's own byte order. */
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    /** Magic of nanosecond-resolution files (a later variant; read, never written). */
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 4;
    static final int GLOBAL_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    /** Most bytes a writer keeps of one packet. */
    static final int SNAPLEN = 65535;
    /** LINKTYPE_ETHERNET: frames start at the destination MAC address, no FCS. */
    static final int LINKTYPE_ETHERNET = 1;
    /**
     * Largest captured length a reader accepts, whatever the header's snaplen says: a corrupt
     * length must give a clear error, not an attempt to allocate gigabytes. 256 KiB is libpcap's
     * own ceiling for non-USB link types.
     */
    static final int MAX_CAPTURED_LENGTH = 262144;

    private PcapFormat() {
    }
}
