// Drives the official centrifuge JavaScript client through a cut connection on a recoverable
// grafana/broadcast channel and prints one line "RESULT <json>"; RecoveryJsIT asserts on it.
// Usage: node recovery.mjs <mode> <http://node-a> <http://node-b>
//   mode same:  the client comes back to node A
//   mode other: the client comes back to node B (two nodes on one Redis)
//   mode lost:  prints "RESTART_REDIS" while the client is away and waits for a line "GO" on
//               stdin (Redis restarted, both nodes connected again); history is lost
// The client talks to the node through a TCP proxy in this script: the cut destroys both
// sockets (no close frame, no unsubscribe), as a network drop would, and keeps refusing
// connections until the publications made while away are in.
// With RECOVERY_PROTOCOL=protobuf it runs the Protobuf build of the client (subprotocol
// centrifuge-protobuf), whose publication data arrive as the JSON's bytes.
import { Centrifuge as JsonCentrifuge } from 'centrifuge';
import { Centrifuge as ProtobufCentrifuge } from 'centrifuge/build/protobuf';
import WebSocket from 'ws';
import net from 'node:net';
import readline from 'node:readline';
import { waitFor as waitWithin } from './harness.mjs';

const [mode, baseA, baseB] = process.argv.slice(2);
const protobuf = process.env.RECOVERY_PROTOCOL === 'protobuf';
const Centrifuge = protobuf ? ProtobufCentrifuge : JsonCentrifuge;
const value = (data) => (data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(data)) : data);
const basic = 'Basic ' + Buffer.from('admin:admin').toString('base64');
const path = 'grafana/broadcast/recovery-' + mode + (protobuf ? '-protobuf-' : '-') + Date.now();
const channel = '1/' + path;
const AWAY = 20;
const result = { mode, protocol: protobuf ? 'protobuf' : 'json', steps: [] };
const t0 = Date.now();

class BasicWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { headers: { Authorization: basic } });
  }
}

const hostPort = (base) => {
  const u = new URL(base);
  return { host: u.hostname, port: Number(u.port) };
};

// A TCP proxy whose upstream can change and which can cut every connection at once.
class Proxy {
  constructor(target) {
    this.target = target;
    this.down = false;
    this.sockets = new Set();
    this.server = net.createServer((down) => {
      if (this.down) {
        down.destroy();
        return;
      }
      const up = net.connect(this.target);
      this.sockets.add(down);
      this.sockets.add(up);
      const drop = () => { down.destroy(); up.destroy(); this.sockets.delete(down); this.sockets.delete(up); };
      down.on('error', drop);
      up.on('error', drop);
      down.on('close', drop);
      up.on('close', drop);
      down.pipe(up);
      up.pipe(down);
    });
  }
  listen() {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(this.server.address().port)));
  }
  cut() {
    this.down = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
  close() {
    this.cut();
    this.server.close();
  }
}

const waitFor = (what, predicate, timeoutMs = 20000) => waitWithin(what, predicate, timeoutMs);

// POST /api/live/publish until the node accepts (it answers 503 while Redis is away).
async function publish(base, n) {
  const deadline = Date.now() + 20000;
  for (;;) {
    const res = await fetch(base + '/api/live/publish', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: path, data: { n } }),
    });
    const body = await res.text();
    if (res.status === 200) return;
    if (Date.now() > deadline) throw new Error('publish ' + n + ' answered ' + res.status + ' ' + body);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stdinLine(expected) {
  const rl = readline.createInterface({ input: process.stdin });
  return new Promise((resolve) => rl.on('line', (line) => {
    if (line.trim() === expected) {
      rl.close();
      resolve();
    }
  }));
}

async function step(name, fn) {
  console.error('step', name, Date.now() - t0);
  try {
    const value = await fn();
    result.steps.push({ name, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    result.steps.push({ name, ok: false, error: String(e && e.message ? e.message : e) });
    throw e;
  }
}

const proxy = new Proxy(hostPort(baseA));
const proxyPort = await proxy.listen();
const c = new Centrifuge('ws://127.0.0.1:' + proxyPort + '/api/live/ws',
  { websocket: BasicWebSocket, minReconnectDelay: 100, maxReconnectDelay: 500, timeout: 5000 });
const sub = c.newSubscription(channel, { recoverable: true, positioned: true });
const log = { subscribed: [], pubs: [], unsubscribed: [], errors: [] };
sub.on('subscribed', (ctx) => log.subscribed.push({
  recovered: ctx.recovered, wasRecovering: ctx.wasRecovering, recoverable: ctx.recoverable,
  positioned: ctx.positioned, streamPosition: ctx.streamPosition || null, atPub: log.pubs.length,
}));
sub.on('publication', (ctx) => log.pubs.push({ n: value(ctx.data).n, offset: ctx.offset ?? null }));
sub.on('unsubscribed', (ctx) => log.unsubscribed.push(ctx.code));
sub.on('error', (ctx) => log.errors.push(ctx.error.code));

const timer = setTimeout(() => {
  result.timedOut = true;
  finish(1);
}, 90000);

function finish(code) {
  clearTimeout(timer);
  result.log = log;
  try { c.disconnect(); } catch (e) { /* already gone */ }
  proxy.close();
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(code);
}

try {
  await step('subscribe', async () => {
    c.connect();
    sub.subscribe();
    await waitFor('subscribed', () => log.subscribed.length === 1);
    return log.subscribed[0];
  });
  await step('receive before the cut', async () => {
    for (let n = 1; n <= 3; n++) await publish(baseA, n);
    await waitFor('3 publications', () => log.pubs.length >= 3);
    return log.pubs.slice();
  });
  await step('cut the connection', async () => {
    proxy.cut();
    await waitFor('the client to notice', () => c.state === 'connecting');
    return c.state;
  });
  if (mode === 'lost') {
    await step('restart redis', async () => {
      console.log('RESTART_REDIS');
      await stdinLine('GO');
    });
  }
  await step('publish while away', async () => {
    for (let n = 4; n < 4 + AWAY; n++) await publish(baseA, n);
    return AWAY;
  });
  await step('come back', async () => {
    proxy.target = hostPort(mode === 'other' ? baseB : baseA);
    proxy.down = false;
    await waitFor('resubscribed', () => log.subscribed.length === 2);
    return log.subscribed[1];
  });
  await step('live after recovery', async () => {
    const before = log.pubs.length;
    for (let n = 4 + AWAY; n < 4 + AWAY + 5; n++) await publish(mode === 'other' ? baseB : baseA, n);
    await waitFor('5 live publications', () => log.pubs.filter((p) => p.n >= 4 + AWAY).length >= 5);
    await new Promise((r) => setTimeout(r, 300)); // let a duplicate show up if there were one
    return log.pubs.slice(before);
  });
  await step('history', async () => {
    const h = await sub.history({ limit: 5, reverse: true });
    return { ns: h.publications.map((p) => value(p.data).n), offsets: h.publications.map((p) => p.offset), epoch: h.epoch, offset: h.offset };
  });
  finish(0);
} catch (e) {
  console.error('failed', e);
  finish(1);
}
