// Drives the official centrifuge JavaScript client over one emulated transport (http_stream or
// sse, no WebSocket) against two demo nodes on one Redis: the client streams from node A while
// its commands are posted to node B's emulation endpoint (no sticky sessions), and the server
// control API is called on node B. Prints one line "RESULT <json>"; CentrifugeEmulationIT
// asserts on it. Usage: node emulation.mjs <http_stream|sse> <http://nodeA> <http://nodeB> <pingSeconds>
import { Centrifuge } from 'centrifuge';
import { EventSource } from 'eventsource';
import { sleep, waitFor } from './harness.mjs';

const [transport, streamBase, postBase, pingArg] = process.argv.slice(2);
const ping = Number(pingArg);
const TOKEN = 'admin-api-token';
const basic = 'Basic ' + Buffer.from('admin:admin').toString('base64');
const path = 'grafana/broadcast/emu-' + transport;
const channel = '1/' + path;
const result = { transport, steps: [] };
const clients = [];
const t0 = Date.now();

// Node has no cookies: each way of signing in is a fetch (and EventSource) that adds it.
const withHeader = (header) => (input, init = {}) =>
  fetch(input, { ...init, headers: { ...(init.headers || {}), ...header } });
const eventSourceWith = (fetchFn) => class extends EventSource {
  constructor(url, options) { super(url, { ...(options || {}), fetch: fetchFn }); }
};

// auth: 'basic' | 'bearer' | 'query' (the auth_token query parameter on both endpoints)
function client(auth) {
  const query = auth === 'query' ? '?auth_token=' + TOKEN : '';
  const fetchFn = auth === 'basic' ? withHeader({ Authorization: basic })
    : auth === 'bearer' ? withHeader({ Authorization: 'Bearer ' + TOKEN }) : fetch;
  const c = new Centrifuge([{ transport, endpoint: streamBase + '/api/live/' + transport + query }], {
    fetch: fetchFn,
    eventsource: eventSourceWith(fetchFn),
    readableStream: ReadableStream,
    emulationEndpoint: postBase + '/api/live/emulation' + query,
    minReconnectDelay: 200, maxReconnectDelay: 1000, timeout: 5000,
  });
  const log = { connected: [], disconnected: [], connecting: [] };
  c.on('connected', (ctx) => log.connected.push(ctx.transport));
  c.on('connecting', (ctx) => { log.connecting.push(ctx.code); if (ctx.code !== 0) console.error('connecting', auth, ctx.code, ctx.reason, Date.now() - t0); });
  c.on('disconnected', (ctx) => log.disconnected.push(ctx.code));
  c.on('error', (ctx) => console.error('client error', auth, JSON.stringify(ctx.error), Date.now() - t0));
  clients.push(c);
  return { c, log };
}

function subscription(c) {
  const sub = c.newSubscription(channel);
  const log = { pubs: [], subscribed: 0, errors: [], unsubscribed: [] };
  sub.on('publication', (ctx) => log.pubs.push(ctx.data));
  sub.on('subscribed', () => log.subscribed++);
  sub.on('error', (ctx) => log.errors.push(ctx.error.code));
  sub.on('unsubscribed', (ctx) => log.unsubscribed.push(ctx.code));
  sub.subscribe();
  return { sub, log };
}

async function post(base, apiPath, body) {
  const res = await fetch(base + apiPath, {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
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

const hasData = (log, key, value) => log.pubs.some((d) => d && d[key] === value);

try {
  const a = client('basic');
  const bearer = client('bearer');
  const query = client('query');
  let subA, subBearer, subQuery;

  await step('connect', async () => {
    a.c.connect();
    bearer.c.connect();
    query.c.connect();
    await waitFor('three connected clients', () => a.log.connected.length && bearer.log.connected.length && query.log.connected.length);
    return { basic: a.log.connected[0], bearer: bearer.log.connected[0], query: query.log.connected[0] };
  });

  await step('subscribe', async () => {
    subA = subscription(a.c);
    subBearer = subscription(bearer.c);
    subQuery = subscription(query.c);
    await waitFor('subscribed', () => subA.log.subscribed && subBearer.log.subscribed && subQuery.log.subscribed);
    return [...subA.log.errors, ...subBearer.log.errors, ...subQuery.log.errors];
  });

  await step('http publish on node B', async () => {
    const res = await post(postBase, '/api/live/publish', { channel: path, data: { from: 'http' } });
    await waitFor('the HTTP publication everywhere', () =>
      hasData(subA.log, 'from', 'http') && hasData(subBearer.log, 'from', 'http') && hasData(subQuery.log, 'from', 'http'));
    return res.status;
  });

  await step('client publish', async () => {
    await subA.sub.publish({ from: 'client' });
    await waitFor('the client publication', () => hasData(subBearer.log, 'from', 'client') && hasData(subA.log, 'from', 'client'));
    return true;
  });

  let adminUser;
  await step('presence', async () => {
    const p = await subA.sub.presence();
    const entries = Object.values(p.clients);
    adminUser = entries.length ? entries[0].user : null;
    return { clients: entries.length, user: adminUser };
  });

  await step('pings answered through the emulation endpoint', async () => {
    await sleep(ping * 2500 + 500);
    return { connecting: [...a.log.connecting], disconnected: [...a.log.disconnected], state: a.c.state };
  });

  await step('control unsubscribe on node B', async () => {
    const res = await post(postBase, '/api/live/control/unsubscribe', { user: adminUser, channel: path });
    await waitFor('unsubscribed', () => subA.log.unsubscribed.length && subQuery.log.unsubscribed.length);
    return { status: res.status, codes: [...subA.log.unsubscribed] };
  });

  await step('control publish many on node B', async () => {
    const res = await post(postBase, '/api/live/control/publish', { channels: [path, path + '-other'], data: { from: 'control' } });
    await sleep(500);
    return { status: res.status, receivedAfterUnsubscribe: hasData(subA.log, 'from', 'control') };
  });

  await step('control disconnect on node B', async () => {
    const res = await post(postBase, '/api/live/control/disconnect', { user: adminUser, code: 3503, reason: 'logged out' });
    await waitFor('disconnected', () => a.log.disconnected.length && bearer.log.disconnected.length && query.log.disconnected.length);
    await sleep(1500); // a terminal code: nobody comes back
    return { status: res.status, codes: a.log.disconnected.concat(bearer.log.disconnected, query.log.disconnected),
      states: [a.c.state, bearer.c.state, query.c.state] };
  });
} catch (e) {
  result.fatal = String(e && e.stack ? e.stack : e);
} finally {
  for (const c of clients) {
    try { c.disconnect(); } catch (e) { /* closing anyway */ }
  }
  console.log('RESULT ' + JSON.stringify(result));
  setTimeout(() => process.exit(0), 200);
}
