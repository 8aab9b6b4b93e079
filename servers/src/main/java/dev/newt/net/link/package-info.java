/**
 * Virtual links: {@link dev.newt.net.link.WireServer} carries Ethernet frames between two nic
 * servers with a configured latency, bandwidth, MTU and impairments (loss, duplication,
 * reordering, corruption), all drawn from the runtime's seeded randomness so a simulated run is
 * reproducible; a {@link dev.newt.net.link.PcapTap} captures what it delivers.
 * {@link dev.newt.net.link.LinkSpecs} builds the server specs a topology is assembled from.
 */
package dev.newt.net.link;
