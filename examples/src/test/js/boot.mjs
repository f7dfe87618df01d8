// Drives the official centrifuge JavaScript client against the Spring Boot example application
// (examples-boot) and prints one line per check, "PASS <name>" or "FAIL <name>: <why>";
// BootExampleIT asserts on them. Usage: node boot.mjs <http://host:port>
// Prints "STOP" when it wants the application stopped, then checks that both clients were told
// to reconnect with 3001 (the starter's graceful shutdown), and prints "DONE".
import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';

const [base] = process.argv.slice(2);
const wsUrl = base.replace(/^http/, 'ws') + '/api/live/ws';
const basic = 'Basic ' + Buffer.from('admin:admin').toString('base64');
const channel = '1/chat/rooms/lobby';

// A ws WebSocket that signs in with HTTP Basic on the upgrade (Spring Security's httpBasic).
class BasicWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { headers: { Authorization: basic } });
  }
}

function waitFor(what, predicate, timeoutMs = 15000) {
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

let failed = false;
async function check(name, fn) {
  try {
    const detail = await fn();
    console.log('PASS ' + name + (detail === undefined ? '' : ' ' + JSON.stringify(detail)));
  } catch (e) {
    failed = true;
    console.log('FAIL ' + name + ': ' + (e && e.message ? e.message : e));
  }
}

function expect(cond, why) {
  if (!cond) throw new Error(why);
}

function client() {
  const c = new Centrifuge(wsUrl, { websocket: BasicWebSocket, minReconnectDelay: 5000, maxReconnectDelay: 10000, timeout: 5000 });
  const log = { connected: [], connectingCodes: [] };
  c.on('connected', (ctx) => log.connected.push(ctx.client));
  c.on('connecting', (ctx) => log.connectingCodes.push(ctx.code));
  return { c, log };
}

function subscription(c) {
  const sub = c.newSubscription(channel);
  const log = { pubs: [], subscribed: 0, errors: [], joins: 0 };
  sub.on('publication', (ctx) => log.pubs.push(ctx.data));
  sub.on('subscribed', () => log.subscribed++);
  sub.on('error', (ctx) => log.errors.push(ctx.error.code));
  sub.on('join', () => log.joins++);
  sub.subscribe();
  return { sub, log };
}

function upgradeStatus(headers) {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, { headers });
    ws.on('unexpected-response', (req, res) => { resolve(res.statusCode); ws.terminate(); });
    ws.on('open', () => { resolve(101); ws.close(); });
    ws.on('error', () => resolve(-1));
  });
}

const a = client();
const b = client();
let subA;
let subB;

await check('connect', async () => {
  a.c.connect();
  b.c.connect();
  await waitFor('both connected', () => a.log.connected.length && b.log.connected.length);
});
await check('subscribe', async () => {
  subA = subscription(a.c);
  subB = subscription(b.c);
  await waitFor('both subscribed', () => subA.log.subscribed && subB.log.subscribed);
});
await check('http publish', async () => {
  const res = await fetch(base + '/api/live/publish', {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel: channel.substring(2), data: { text: 'from http' } }),
  });
  expect(res.status === 200, 'publish answered ' + res.status + ' ' + (await res.text()));
  await waitFor('publication on both', () => subA.log.pubs.some((d) => d.text === 'from http')
      && subB.log.pubs.some((d) => d.text === 'from http'));
});
await check('client publish', async () => {
  await subA.sub.publish({ text: 'from a' });
  await waitFor('publication on b', () => subB.log.pubs.some((d) => d.text === 'from a'));
});
await check('presence', async () => {
  const p = await subA.sub.presence();
  const clients = Object.values(p.clients);
  expect(clients.length === 2, 'expected 2 clients, got ' + JSON.stringify(p));
  expect(clients.every((c) => c.user === 'admin'), 'expected user admin: ' + JSON.stringify(p));
  const stats = await subA.sub.presenceStats();
  expect(stats.numClients === 2 && stats.numUsers === 1, 'stats ' + JSON.stringify(stats));
  return stats;
});
await check('unauthenticated upgrade refused', async () => {
  const status = await upgradeStatus({});
  expect(status === 401, 'got ' + status);
});
await check('health', async () => {
  const res = await fetch(base + '/actuator/health/live', { headers: { Authorization: basic } });
  const body = await res.json();
  expect(res.status === 200 && body.status === 'UP', 'got ' + res.status + ' ' + JSON.stringify(body));
  expect(body.details && body.details.engine === 'memory' && body.details.connections === 2, JSON.stringify(body));
  return body;
});

console.log('STOP');
await check('3001 on shutdown', async () => {
  await waitFor('3001 on both', () => a.log.connectingCodes.includes(3001) && b.log.connectingCodes.includes(3001), 20000);
  return { a: a.log.connectingCodes, b: b.log.connectingCodes };
});
a.c.disconnect();
b.c.disconnect();
console.log('DONE');
process.exit(failed ? 1 : 0);
