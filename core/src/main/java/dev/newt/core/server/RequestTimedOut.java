package dev.newt.core.server;

import java.time.Duration;

/**
 * The reply the runtime gives in place of an answer that did not come within the request's
 * deadline ({@link RequestDeadlines}): the requester's handler sees it as the reply to its request
 * (same correlation id) and can fail, retry or carry on. An answer that comes later is dropped as
 * orphaned (a {@code reply-orphaned} event): the request is over.
 *
 * @param to       the server the request went to
 * @param request  the request's payload
 * @param deadline the deadline that passed
 */
public record RequestTimedOut(String to, Object request, Duration deadline) {
}
