package dev.newt.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Something that happened in a runtime, stamped with the runtime clock. Events are written as JSON
 * lines with a {@code type} field and read back as these records; reports and outcome
 * classification read nothing else.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerStarted.class, name = "started"),
    @JsonSubTypes.Type(value = ServerStopped.class, name = "stopped"),
    @JsonSubTypes.Type(value = ServerCrashed.class, name = "crashed"),
    @JsonSubTypes.Type(value = HangDetected.class, name = "hang-detected"),
    @JsonSubTypes.Type(value = CorruptionDetected.class, name = "corruption-detected"),
    @JsonSubTypes.Type(value = ServerRestarted.class, name = "restarted"),
    @JsonSubTypes.Type(value = RestartFailed.class, name = "restart-failed"),
    @JsonSubTypes.Type(value = GaveUp.class, name = "gave-up"),
    @JsonSubTypes.Type(value = CheckpointFailed.class, name = "checkpoint-failed"),
    @JsonSubTypes.Type(value = MessageFenced.class, name = "message-fenced"),
    @JsonSubTypes.Type(value = ReplyOrphaned.class, name = "reply-orphaned"),
    @JsonSubTypes.Type(value = StaleRequestDropped.class, name = "stale-request-dropped"),
    @JsonSubTypes.Type(value = PeerRestartNotified.class, name = "peer-restart-notified"),
    @JsonSubTypes.Type(value = RuntimeError.class, name = "runtime-error"),
    @JsonSubTypes.Type(value = CustomEvent.class, name = "custom"),
})
public sealed interface Event permits ServerStarted, ServerStopped, ServerCrashed, HangDetected,
    CorruptionDetected, ServerRestarted, RestartFailed, GaveUp, CheckpointFailed, MessageFenced,
    ReplyOrphaned, StaleRequestDropped, PeerRestartNotified, RuntimeError, CustomEvent {

    /** @return runtime clock reading when it happened, in nanoseconds */
    long time();

    /** @return the server it concerns */
    String server();
}
