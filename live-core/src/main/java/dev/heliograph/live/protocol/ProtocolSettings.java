package dev.heliograph.live.protocol;

/**
 * SKELETON: protocol timings and limits (ping interval 25 s, pong timeout 10 s, connect
 * timeout 15 s, outbound queue 1 MiB, 128 channels per connection, message size limit
 * 65536). The protocol work fills in the builder.
 */
public final class ProtocolSettings {}
