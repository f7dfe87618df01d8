// Drives the official centrifuge JavaScript client against a running demo server and prints one
// line "RESULT <json>" with what happened; CentrifugeInteropIT asserts on it.
// Usage: node interop.mjs <http://host:port> <pingSeconds> <maxConnections>
// Prints "RESTART" when it wants the server restarted on the same port, then waits to reconnect.
import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';
import { sleep, waitFor, runMain } from './harness.mjs';

const [base, pingArg, maxArg] = process.argv.slice(2);
const ping = Number(pingArg);
const maxConnections = Number(maxArg);
const wsUrl = base.replace(/^http/, 'ws') + '/api/live/ws';
const basic = 'Basic ' + Buffer.from('admin:admin').toString('base64');
const channel = '1/grafana/broadcast/test';
const result = { steps: [] };
const clients = [];

// A ws WebSocket that signs in with HTTP Basic on the upgrade, as a browser would after a login.
class BasicWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { headers: { Authorization: basic } });
  }
}

const t0 = Date.now();

function client(url, websocket) {
  const c = new Centrifuge(url, { websocket, minReconnectDelay: 200, maxReconnectDelay: 1000, timeout: 5000 });
  const log = { connected: [], disconnected: [], connecting: [] };
  c.on('connected', (ctx) => log.connected.push(ctx.client));
  c.on('connecting', (ctx) => { log.connecting.push(ctx.code); if (ctx.code !== 0) console.error('connecting', ctx.code, ctx.reason, Date.now() - t0); });
  c.on('disconnected', (ctx) => log.disconnected.push(ctx.code));
  clients.push(c);
  return { c, log };
}

function subscription(c, name) {
  const sub = c.newSubscription(name);
  const log = { pubs: [], subscribed: 0, errors: [], unsubscribed: [], joins: 0 };
  sub.on('publication', (ctx) => log.pubs.push(ctx.data));
  sub.on('subscribed', () => log.subscribed++);
  sub.on('error', (ctx) => log.errors.push(ctx.error.code));
  sub.on('unsubscribed', (ctx) => log.unsubscribed.push(ctx.code));
  sub.on('join', () => log.joins++);
  sub.subscribe();
  return { sub, log };
}

async function httpPublish(data) {
  const res = await fetch(base + '/api/live/publish', {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel: channel.substring(2), data }),
  });
  return { status: res.status, body: await res.text() };
}

async function step(name, fn) {
  console.error('step', name, Date.now() - t0);
  try {
    const value = await fn();
    result.steps.push({ name, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    result.steps.push({ name, ok: false, error: String(e && e.message ? e.message : e) });
  }
}

function upgradeStatus(headers) {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, { headers });
    ws.on('unexpected-response', (req, res) => { resolve(res.statusCode); ws.terminate(); });
    ws.on('open', () => { resolve(101); ws.close(); });
    ws.on('error', () => resolve(-1));
  });
}

const main = async () => {
  const a = client(wsUrl, BasicWebSocket);
  const b = client(wsUrl + '?auth_token=admin-api-token', WebSocket);
  let subA;
  let subB;

  await step('connect with Basic auth', async () => {
    a.c.connect();
    return await waitFor('connected', () => a.log.connected[0]);
  });
  await step('connect with auth_token', async () => {
    b.c.connect();
    return await waitFor('connected', () => b.log.connected[0]);
  });
  await step('subscribe', async () => {
    subA = subscription(a.c, channel);
    subB = subscription(b.c, channel);
    await waitFor('subscribed', () => subA.log.subscribed && subB.log.subscribed);
    return true;
  });
  await step('receive an HTTP publish', async () => {
    const r = await httpPublish({ from: 'http', n: 1 });
    await waitFor('publication', () => subA.log.pubs.find((d) => d.from === 'http' && d.n === 1));
    return r;
  });
  await step('client publish reaches the other client', async () => {
    await subA.sub.publish({ from: 'client', text: 'hi' });
    return await waitFor('publication', () => subB.log.pubs.find((d) => d.from === 'client'));
  });
  await step('presence', async () => {
    const p = await subA.sub.presence();
    const stats = await subA.sub.presenceStats();
    return { clients: Object.keys(p.clients).sort(), numClients: stats.numClients, numUsers: stats.numUsers };
  });
  await step('wrong org prefix', async () => {
    const s = subscription(a.c, '2/grafana/broadcast/test');
    return await waitFor('refusal', () => s.log.errors[0] || s.log.unsubscribed[0]);
  });
  await step('invalid channel', async () => {
    const s = subscription(a.c, '1/grafana/broad cast/x');
    return await waitFor('refusal', () => s.log.errors[0] || s.log.unsubscribed[0]);
  });
  await step('bad origin upgrade', async () => upgradeStatus({ Authorization: basic, Origin: 'https://evil.example.org' }));
  await step('no credentials upgrade', async () => upgradeStatus({}));
  await step('over max_connections', async () => {
    const extra = [];
    for (let i = clients.length; i < maxConnections; i++) {
      const e = client(wsUrl, BasicWebSocket);
      e.c.connect();
      await waitFor('connected', () => e.log.connected[0]);
      extra.push(e);
    }
    const over = client(wsUrl, BasicWebSocket);
    over.c.connect();
    const code = await waitFor('disconnect', () => over.log.disconnected[0]);
    for (const e of [...extra, over]) e.c.disconnect();
    return code;
  });
  await step('stay connected across two pings', async () => {
    await sleep(ping * 2500);
    return { state: a.c.state, disconnects: a.log.disconnected.length, connectingCodes: [...a.log.connecting] };
  });
  await step('reconnect after a server restart', async () => {
    const before = subA.log.subscribed;
    console.log('RESTART');
    await waitFor('reconnect', () => a.log.connected.length >= 2, 30000);
    await waitFor('resubscribe', () => subA.log.subscribed > before, 30000);
    await httpPublish({ from: 'http', n: 2 });
    await waitFor('publication after restart', () => subA.log.pubs.find((d) => d.n === 2));
    return { reconnects: a.log.connected.length - 1, connectingCodes: [...a.log.connecting] };
  });
  for (const c of clients) c.disconnect();
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(0);
};

runMain(main, result, 120000);
