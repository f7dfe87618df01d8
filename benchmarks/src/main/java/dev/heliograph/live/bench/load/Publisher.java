package dev.heliograph.live.bench.load;

/**
 * Sends the load tool's publications to the server. Called by the single publishing thread;
 * outcomes (acknowledged, failed) go to {@link LoadStats} from whatever thread learns them.
 */
interface Publisher extends AutoCloseable {

    /** Sends {@code json} to channel number {@code channelIndex}; may block while the server is saturated. */
    void publish(int channelIndex, String json) throws InterruptedException;

    /** Waits (bounded) for outstanding publications to be answered, then releases resources. */
    @Override
    void close();
}
