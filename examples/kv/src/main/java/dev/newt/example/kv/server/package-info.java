/** The key-value server, version 1: the image a campaign loads, weaves faults into and updates. */
package dev.newt.example.kv.server;
