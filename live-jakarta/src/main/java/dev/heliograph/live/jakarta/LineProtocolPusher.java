package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.influx.FrameFormat;
import dev.heliograph.live.influx.LineProtocolConverter;
import dev.heliograph.live.influx.LineProtocolException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The work both push endpoints share: validate the stream id, convert a line-protocol body to
 * frames (all or nothing), check that every frame can name a channel
 * {@code stream/<streamId>/<measurement>} before anything is pushed, then push each frame through
 * {@link LiveNode#pushFrame} (frame cache, full frame on schema change else data only, minute rate).
 *
 * <p>Stateless apart from its two converters, which are thread-safe: one instance serves every
 * request thread and every push WebSocket.
 */
final class LineProtocolPusher {
    private static final String SCOPE = "stream";

    private final LiveNode node;
    private final LineProtocolConverter labelsColumn;
    private final LineProtocolConverter wide;

    LineProtocolPusher(LiveNode node, Clock clock) {
        this.node = node;
        this.labelsColumn = new LineProtocolConverter(FrameFormat.LABELS_COLUMN, clock);
        this.wide = new LineProtocolConverter(FrameFormat.WIDE, clock);
    }

    /**
     * The stream id of a request path info ({@code /<streamId>}).
     *
     * @throws InvalidChannelException when it is missing or breaks the channel namespace rule
     */
    static String streamId(String pathInfo, String endpoint) {
        String id = pathInfo == null || pathInfo.length() <= 1 ? "" : pathInfo.substring(1);
        if (id.isEmpty()) {
            throw new InvalidChannelException("the stream id is missing: use " + endpoint + "/<streamId>,"
                    + " for example " + endpoint + "/telegraf");
        }
        try {
            ChannelId.of(SCOPE, id, "x");
        } catch (InvalidChannelException e) {
            throw new InvalidChannelException("invalid stream id '" + id + "' (it becomes the channel namespace in "
                    + SCOPE + "/<streamId>/<measurement>): " + e.getMessage());
        }
        return id;
    }

    /**
     * Converts {@code body[offset, offset + length)} and checks that each frame names a valid channel.
     *
     * @throws LineProtocolException at the first bad line (nothing converted is kept)
     * @throws dev.heliograph.live.influx.FrameLimitException when the frames would pass the body's
     *     cell limit (nothing converted is kept)
     * @throws InvalidChannelException naming the first measurement that cannot be a channel path
     */
    List<DataFrame> convert(String streamId, FrameFormat format, byte[] body, int offset, int length) {
        LineProtocolConverter converter = format == FrameFormat.WIDE ? wide : labelsColumn;
        List<DataFrame> frames;
        try {
            frames = converter.convert(body, offset, length);
        } catch (RuntimeException e) {
            node.metrics().recordPushRejected();
            throw e;
        }
        for (DataFrame frame : frames) {
            try {
                ChannelId.of(SCOPE, streamId, frame.name());
            } catch (InvalidChannelException e) {
                node.metrics().recordPushRejected();
                throw new InvalidChannelException("measurement '" + frame.name() + "' cannot be pushed to "
                        + SCOPE + "/" + streamId + "/<measurement>: " + e.getMessage()
                        + "; rename the measurement (Telegraf: name_override)");
            }
        }
        node.metrics().recordPushLines(lines(body, offset, length));
        return frames;
    }

    /** Lines with a point in {@code body[offset, offset + length)}: not blank, not a {@code #} comment. */
    static int lines(byte[] body, int offset, int length) {
        int n = 0;
        boolean seen = false; // the current line's first non-blank byte was seen
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = body[i];
            if (b == '\n') {
                seen = false;
            } else if (!seen && b != ' ' && b != '\t' && b != '\r') {
                seen = true;
                if (b != '#') {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Pushes the frames in order. Completes when the engine accepted them all, or exceptionally
     * with the first failure (a {@code HubUnavailableException} while the backend is away); the
     * frames before a failure stay pushed.
     */
    CompletableFuture<Void> push(long orgId, String streamId, List<DataFrame> frames) {
        CompletableFuture<?>[] stages = new CompletableFuture<?>[frames.size()];
        for (int i = 0; i < stages.length; i++) {
            try {
                stages[i] = node.pushFrame(orgId, streamId, frames.get(i)).toCompletableFuture();
            } catch (RuntimeException e) {
                stages[i] = CompletableFuture.failedFuture(e);
                return CompletableFuture.allOf(Arrays.copyOf(stages, i + 1));
            }
        }
        return CompletableFuture.allOf(stages);
    }
}
