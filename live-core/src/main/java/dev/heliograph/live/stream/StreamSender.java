package dev.heliograph.live.stream;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.json.RawJson;

/**
 * Sends a running stream's output to the subscribers of its channel on this node (never to
 * other nodes). Given to {@link StreamHandler#runStream} through {@link StreamContext#sender()}.
 *
 * <p>Safe to call from any thread while the run lasts; each call delivers synchronously to the
 * local subscribers (they queue, they never block). Once the run is cancelled, sends are
 * dropped.
 */
public interface StreamSender {

    /**
     * Sends a frame as a publication: in full ({@code {"schema":..,"data":..}}) when
     * {@code withSchema}, else its data only ({@code {"data":..}}). Send the schema with the
     * first frame and whenever it changes; clients keep the last schema they saw.
     */
    void sendFrame(DataFrame frame, boolean withSchema);

    /** Sends one JSON value as a publication. */
    void sendJson(RawJson json);

    /**
     * Sends raw bytes as a publication. The client protocol is JSON, so the bytes must be one
     * UTF-8 JSON value; anything else is refused with
     * {@link dev.heliograph.live.json.RawJson.InvalidJsonException} naming what is wrong, and
     * nothing is sent.
     */
    void sendBytes(byte[] utf8Json);
}
