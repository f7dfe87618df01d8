// Waiting helpers shared by interop.mjs, tokens.mjs, emulation.mjs, protobuf.mjs and recovery.mjs
// (the scripts CentrifugeInteropIT, CentrifugeTokensIT, CentrifugeEmulationIT,
// CentrifugeJsProtobufIT and RecoveryJsIT run through NodeScript); single-threaded like Node.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Resolves with predicate()'s first truthy value, polled every 20 ms; rejects after timeoutMs.
export function waitFor(what, predicate, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const v = predicate();
      if (v) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting for ' + what));
      setTimeout(tick, 20);
    };
    tick();
  });
}

// Runs main() and, when it throws or outlives timeoutMs, prints the RESULT line so far marked
// crashed or timedOut and exits 1 (main prints its own RESULT line and exits 0 on success).
export function runMain(main, result, timeoutMs) {
  setTimeout(() => {
    console.log('RESULT ' + JSON.stringify({ ...result, timedOut: true }));
    process.exit(1);
  }, timeoutMs).unref();

  main().catch((e) => {
    console.log('RESULT ' + JSON.stringify({ ...result, crashed: String(e) }));
    process.exit(1);
  });
}
