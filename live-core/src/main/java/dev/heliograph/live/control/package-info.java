/**
 * Server-side control of client connections across nodes
 * ({@link dev.heliograph.live.control.ServerControl}, from {@code LiveNode#control()}): disconnect
 * or unsubscribe a user, presence, publishing to many channels, and the forwarding of emulated
 * connections' commands to the node that holds them. The messages between nodes
 * ({@link dev.heliograph.live.control.ControlMessage}) travel through the engine's control path,
 * encoded by {@link dev.heliograph.live.control.ControlCodec}.
 */
@NullMarked
package dev.heliograph.live.control;

import org.jspecify.annotations.NullMarked;
