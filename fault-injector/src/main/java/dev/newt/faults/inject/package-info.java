/** Entry points: {@code FaultInjector} (weave a plan into images, arm it, finish the run) and {@code FaultAgent}. */
package dev.newt.faults.inject;
