package dev.newt.core.event;

/**
 * A bug in the runtime itself, not in a server: something threw out of an agent's duty cycle or a
 * timer action, where a server's own failures never reach (they are caught and become
 * {@code crashed}, {@code restart-failed} and the like). The executor went on.
 *
 * @param time    when
 * @param server  where it happened: a server's name, {@code supervisor}, or {@code timers}
 * @param error   the exception class
 * @param message the exception message, or {@code null} as text
 * @param at      the frame that threw, as {@code class.method(File:line)}, or empty
 */
public record RuntimeError(long time, String server, String error, String message, String at) implements Event {
}
