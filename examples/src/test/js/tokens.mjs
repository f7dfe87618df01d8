// Drives the official centrifuge JavaScript client against a demo server started with
// --jwt-hs256-secret: connection and subscription tokens from getToken with a short TTL, their
// refresh cycle, and what happens when getToken stops giving tokens. Prints one line
// "RESULT <json>"; CentrifugeTokensIT asserts on it.
// Usage: node tokens.mjs <http://host:port> <hs256 secret> <ttlSeconds>
import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';
import { createHmac } from 'node:crypto';
import { sleep, waitFor as waitWithin, runMain } from './harness.mjs';

const [base, secret, ttlArg] = process.argv.slice(2);
const ttl = Number(ttlArg);
const wsUrl = base.replace(/^http/, 'ws') + '/api/live/ws';
const basic = 'Basic ' + Buffer.from('admin:admin').toString('base64');
const publicChannel = '1/grafana/broadcast/tokens';
const privateChannel = '1/grafana/broadcast/private-room';
const result = { steps: [] };
const clients = [];
const t0 = Date.now();

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

// An HS256 JWT, as a host's auth service would issue it.
function jwt(claims, key = secret) {
  const head = b64url({ alg: 'HS256', typ: 'JWT' }) + '.' + b64url(claims);
  return head + '.' + createHmac('sha256', key).update(head).digest('base64url');
}
const exp = () => Math.floor(Date.now() / 1000) + ttl;

const waitFor = (what, predicate, timeoutMs = 20000) => waitWithin(what, predicate, timeoutMs);

// A client without cookies or Authorization: getToken is its only credential.
function client(getToken) {
  const c = new Centrifuge(wsUrl, { websocket: WebSocket, getToken, minReconnectDelay: 200, maxReconnectDelay: 1000, timeout: 5000 });
  const log = { connected: [], disconnected: [], connecting: [], errors: [] };
  c.on('connected', (ctx) => log.connected.push(ctx.client));
  c.on('connecting', (ctx) => { log.connecting.push(ctx.code); console.error('connecting', ctx.code, ctx.reason, Date.now() - t0); });
  c.on('disconnected', (ctx) => log.disconnected.push(ctx.code));
  c.on('error', (ctx) => log.errors.push(ctx.type));
  clients.push(c);
  return { c, log };
}

function subscription(c, name, getToken) {
  const sub = c.newSubscription(name, getToken ? { getToken } : {});
  const log = { pubs: [], subscribed: 0, subscribing: [], unsubscribed: [], errors: [] };
  sub.on('publication', (ctx) => log.pubs.push(ctx.data));
  sub.on('subscribed', () => log.subscribed++);
  sub.on('subscribing', (ctx) => { log.subscribing.push(ctx.code); console.error('subscribing', name, ctx.code, ctx.reason, Date.now() - t0); });
  sub.on('unsubscribed', (ctx) => log.unsubscribed.push(ctx.code));
  sub.on('error', (ctx) => log.errors.push(ctx.error.code));
  sub.subscribe();
  return { sub, log };
}

async function httpPublish(channel, data) {
  const res = await fetch(base + '/api/live/publish', {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel: channel.substring(2), data }),
  });
  return res.status;
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

const user = { sub: 'token-user-42', org_id: 1, role: 'Viewer', login: 'tokenuser' };

const main = async () => {
  let kept;
  await step('connection token refresh cycle', async () => {
    let calls = 0;
    kept = client(async () => { calls++; return jwt({ ...user, exp: exp() }); });
    kept.c.connect();
    const id = await waitFor('connected', () => kept.log.connected[0]);
    const s = subscription(kept.c, publicChannel);
    await waitFor('subscribed', () => s.log.subscribed);
    await sleep(ttl * 3500); // several expiries
    const status = await httpPublish(publicChannel, { n: 1 });
    await waitFor('publication after the expiries', () => s.log.pubs.find((d) => d.n === 1));
    return { calls, state: kept.c.state, connected: kept.log.connected.length, sameClient: kept.log.connected.every((c) => c === id),
      disconnects: kept.log.disconnected.length, connectingCodes: [...kept.log.connecting], publishStatus: status };
  });

  await step('subscription token refresh cycle', async () => {
    let calls = 0;
    const channels = new Set();
    const s = subscription(kept.c, privateChannel, async (ctx) => {
      calls++;
      channels.add(ctx.channel);
      return jwt({ sub: user.sub, channel: ctx.channel, exp: exp() });
    });
    await waitFor('subscribed', () => s.log.subscribed);
    await sleep(ttl * 3500);
    await httpPublish(privateChannel, { secret: 'yes' });
    await waitFor('private publication', () => s.log.pubs.find((d) => d.secret === 'yes'));
    kept.c.removeSubscription(s.sub);
    return { calls, channels: [...channels], subscribed: s.log.subscribed, subscribing: [...s.log.subscribing],
      unsubscribed: [...s.log.unsubscribed], connectionState: kept.c.state };
  });

  await step('private channel without a subscription token', async () => {
    const s = subscription(kept.c, '1/grafana/broadcast/private-other');
    return await waitFor('refusal', () => s.log.unsubscribed[0]);
  });

  await step('subscription whose getToken stops giving tokens', async () => {
    let calls = 0;
    const s = subscription(kept.c, privateChannel, async (ctx) => {
      calls++;
      if (calls > 1) throw new Error('the auth service is gone');
      return jwt({ sub: user.sub, channel: ctx.channel, exp: exp() });
    });
    await waitFor('subscribed', () => s.log.subscribed);
    const code = await waitFor('server unsubscribe', () => s.log.subscribing.find((c) => c !== 0));
    const state = kept.c.state;
    kept.c.removeSubscription(s.sub);
    return { code, calls, connectionState: state, connectionDisconnects: kept.log.disconnected.length };
  });

  await step('connection whose getToken stops giving tokens', async () => {
    let calls = 0;
    const d = client(async () => {
      calls++;
      if (calls > 1) throw new Error('the auth service is gone');
      return jwt({ ...user, exp: exp() });
    });
    d.c.connect();
    await waitFor('connected', () => d.log.connected[0]);
    const code = await waitFor('server close', () => d.log.connecting.find((c) => c !== 0));
    d.c.disconnect();
    return { code, calls, errors: [...d.log.errors] };
  });

  await step('connect with a token of another key', async () => {
    const bad = client(async () => jwt({ ...user, exp: exp() }, 'not-the-server-secret-not-the-server-secret'));
    bad.c.connect();
    return await waitFor('refusal', () => bad.log.disconnected[0]);
  });

  for (const c of clients) c.disconnect();
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(0);
};

runMain(main, result, 150000);
