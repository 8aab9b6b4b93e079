package dev.newt.core.server;

import java.util.Objects;

/**
 * Where to send the answer to a request, as plain data: a server that answers later (a socket
 * read waiting for data) keeps this in its checkpointed state, so that a restored incarnation can
 * still answer. Make one with {@link ServerContext#replyTo}.
 *
 * @param requester     the endpoint that asked
 * @param correlationId the request's id
 */
public record ReplyTo(String requester, long correlationId) {

    /** Validates the requester. */
    public ReplyTo {
        Objects.requireNonNull(requester, "requester");
    }
}
