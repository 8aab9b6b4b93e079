/**
 * The network interface driver: {@link dev.newt.net.nic.NicServer} moves Ethernet frames between a
 * host's link (a {@link dev.newt.net.link.WireServer}) and its ip server, dropping what is not
 * addressed to the host.
 */
package dev.newt.net.nic;
