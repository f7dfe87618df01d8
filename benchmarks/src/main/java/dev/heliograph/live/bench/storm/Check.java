package dev.heliograph.live.bench.storm;

/**
 * One pass/fail verdict of a scenario, with the figures behind it.
 *
 * @param what what was required, e.g. {@code "the canary lost no publication the server took"}
 * @param passed whether it held
 * @param detail the observed figures
 */
record Check(String what, boolean passed, String detail) {
    static Check of(String what, boolean passed, String detail) {
        return new Check(what, passed, detail);
    }

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + what + ": " + detail;
    }
}
