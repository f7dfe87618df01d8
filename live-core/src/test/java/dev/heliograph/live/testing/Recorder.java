package dev.heliograph.live.testing;

import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber that keeps what it receives, for assertions. */
public final class Recorder implements Subscriber {
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
        return received.stream()
                .filter(p -> p.kind() == Publication.Kind.PUBLICATION)
                .map(p -> p.data().toString())
                .toList();
    }
}
