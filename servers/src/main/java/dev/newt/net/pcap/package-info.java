/**
 * Capture files in the classic libpcap format, so that frames the stack sends and receives can
 * be examined with Wireshark or tcpdump, and read back in tests.
 */
package dev.newt.net.pcap;
