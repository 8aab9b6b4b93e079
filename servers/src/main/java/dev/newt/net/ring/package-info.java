/**
 * Exposed socket buffers: {@link dev.newt.net.ring.ByteRing}, a single-producer single-consumer
 * byte ring shared by an application and the stack, and {@link dev.newt.net.ring.SocketRings},
 * the two rings of one stream socket, owned outside every server (see docs/ARCHITECTURE.md,
 * "Exposed socket buffers").
 */
package dev.newt.net.ring;
