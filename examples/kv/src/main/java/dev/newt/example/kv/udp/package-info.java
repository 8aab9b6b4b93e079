/**
 * The key-value store over a host's stack: a front that serves it on a UDP port of one host and a
 * proxy that forwards the checking workload's requests to it from another, both user servers that
 * talk to their host's socket server ({@code <host>.sock}) by messages.
 */
package dev.newt.example.kv.udp;
