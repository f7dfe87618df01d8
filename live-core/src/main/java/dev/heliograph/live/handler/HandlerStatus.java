package dev.heliograph.live.handler;

/**
 * A handler's answer to a subscribe or publish. The protocol maps {@code NOT_FOUND} to error
 * 404 "not found" and {@code PERMISSION_DENIED} to 403 "forbidden"; HTTP to the same statuses.
 */
public enum HandlerStatus {
    OK,
    NOT_FOUND,
    PERMISSION_DENIED
}
