package dev.heliograph.live.influx;

/**
 * Receives each parsed point from {@link LineProtocolParser#parse}, on the parsing thread, in
 * input order. The {@link LinePoint} is a reused view: it is valid only during the call; copy
 * what you keep (or call {@link LinePoint#toPoint()}).
 */
@FunctionalInterface
public interface PointHandler {
    void onPoint(LinePoint point);
}
