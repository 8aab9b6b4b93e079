/**
 * {@link dev.newt.net.stats.Counters}: the named counters every network server keeps in its
 * checkpointed state and reports as {@link dev.newt.net.msg.Stats}. Outside every server's
 * image, so one class serves them all.
 */
package dev.newt.net.stats;
