package dev.heliograph.live.redis.testing;

import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber that keeps what it receives, for assertions with Awaitility. */
public final class Inbox implements Subscriber {
    private final List<Publication> received = new CopyOnWriteArrayList<>();

    @Override
    public void onPublication(Publication publication) {
        received.add(publication);
    }

    public List<Publication> received() {
        return received;
    }

    /** The data of the received publications, as strings. */
    public List<String> data() {
        return received.stream().filter(p -> p.data() != null).map(p -> p.data().toString()).toList();
    }
}
