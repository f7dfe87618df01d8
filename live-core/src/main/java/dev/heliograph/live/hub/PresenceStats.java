package dev.heliograph.live.hub;

/**
 * Counts of a channel's presence across all nodes.
 *
 * @param numClients connections present
 * @param numUsers   distinct users among them
 */
public record PresenceStats(int numClients, int numUsers) {}
