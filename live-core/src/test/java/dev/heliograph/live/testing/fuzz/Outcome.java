package dev.heliograph.live.testing.fuzz;

/**
 * What one decoder call did: returned a value or threw. {@link #acceptedOr} checks the one rule
 * every fuzz property shares: a decoder refuses input only with its documented exception type,
 * and says why.
 *
 * @param value  the result; null when the call threw
 * @param thrown what the call threw; null when it returned
 */
public record Outcome<T>(T value, Throwable thrown) {

    static <T> Outcome<T> value(T value) {
        return new Outcome<>(value, null);
    }

    static <T> Outcome<T> thrown(Throwable thrown) {
        return new Outcome<>(null, thrown);
    }

    /** Whether the call returned. */
    public boolean accepted() {
        return thrown == null;
    }

    /**
     * The value when the call returned; null when it threw {@code documented} with a message that
     * is not blank.
     *
     * @throws AssertionError when it threw anything else, or gave no reason; the cause is what it threw
     */
    public T acceptedOr(Class<? extends Throwable> documented) {
        if (thrown == null) {
            return value;
        }
        if (!documented.isInstance(thrown)) {
            throw new AssertionError("expected only " + documented.getName() + ", but the decoder threw " + thrown,
                    thrown);
        }
        if (thrown.getMessage() == null || thrown.getMessage().isBlank()) {
            throw new AssertionError("the decoder threw " + documented.getSimpleName() + " without a message", thrown);
        }
        return null;
    }

    /**
     * The value, for a call documented never to throw.
     *
     * @throws AssertionError when it threw; the cause is what it threw
     */
    public T returned() {
        if (thrown != null) {
            throw new AssertionError("expected no exception, but the decoder threw " + thrown, thrown);
        }
        return value;
    }
}
