/**
 * Linux interop: a Newt host attached to a TAP device, so that the kernel's own tools (ping, curl,
 * any TCP program) talk to Newt's stack. {@link dev.newt.net.tap.TapDevice} opens the device with
 * JNA; {@link dev.newt.net.tap.TapLink} makes it the far end of an ordinary wire, moving frames on
 * two threads of its own; {@link dev.newt.net.tap.TapHost} runs one host on a device;
 * {@link dev.newt.net.tap.TapNamespace} makes a private network namespace holding a device, so
 * that tests and benchmarks never touch any other network.
 */
package dev.newt.net.tap;
