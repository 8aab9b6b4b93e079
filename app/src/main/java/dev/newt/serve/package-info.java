/**
 * The control plane of a running Newt system: {@code newt serve} (a campaign's system and
 * workloads), {@code newt demo --live} and {@code newt host --control-port} (a host on a TAP
 * device), each a {@link dev.newt.serve.ControlledSystem} behind an HTTP control API on 127.0.0.1
 * ({@link dev.newt.serve.ControlApi}, contract in docs/SERVE.md; access checked by
 * {@link dev.newt.serve.AccessGuard}) and a dashboard page served by it.
 */
package dev.newt.serve;
