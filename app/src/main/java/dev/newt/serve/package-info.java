/**
 * {@code newt serve}: a campaign's system and workloads running until stopped, with an HTTP control
 * API on 127.0.0.1 ({@link dev.newt.serve.ControlApi}, contract in docs/SERVE.md) and a dashboard
 * page served by it.
 */
package dev.newt.serve;
