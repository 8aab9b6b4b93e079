package dev.newt.core.process;

/**
 * The record types between a parent and a server process. Parent to child: the incarnation's
 * state, its start, each message, and the answers to the child's questions. Child to parent: the
 * effects of a handler on the world (sends, replies, timers, events, checkpoint hints), questions
 * whose answer only the parent's runtime knows (a correlation id, the clock, whether a send was
 * refused), then the handler's end with its new state, or its failure.
 */
final class Frames {
    // parent -> child
    static final int INIT = 1;
    static final int START = 2;
    static final int DELIVER = 3;
    static final int PEER_RESTARTED = 4;
    static final int AUDIT = 5;
    static final int QUIESCENT = 6;
    static final int ANSWER = 8;
    static final int PRELOAD = 9;

    // child -> parent
    static final int READY = 20;
    static final int SEND = 21;
    static final int REQUEST = 22;
    static final int REPLY = 23;
    static final int RESUBMIT = 24;
    static final int TIMER = 25;
    static final int CANCEL = 26;
    static final int NOW = 27;
    static final int RANDOM = 28;
    static final int REVOKED = 29;
    static final int EMIT = 30;
    static final int CHECKPOINT = 31;
    static final int PART = 32;
    static final int UNCHANGED = 33;
    static final int DONE = 34;
    static final int FAILED = 35;
    static final int AUDITED = 36;
    static final int RESULT = 37;

    private Frames() {
    }
}
