/**
 * One-way channels between processes: {@link dev.newt.core.channel.RingChannel}, an Agrona
 * one-to-one ring buffer over a memory-mapped file (a record becomes visible to the reader only
 * when its writer commits it, so a writer that dies mid-record leaves nothing torn), and the
 * compact binary codec of what travels on it: {@link dev.newt.core.channel.FrameOut} and
 * {@link dev.newt.core.channel.FrameIn} (fixed-width numbers, length-prefixed UTF-8),
 * {@link dev.newt.core.channel.PayloadCodec} (common types tagged, other payloads as CBOR with
 * their class name as type id) and {@link dev.newt.core.channel.EnvelopeCodec}.
 */
package dev.newt.core.channel;
