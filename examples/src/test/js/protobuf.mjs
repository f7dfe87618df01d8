// Drives the Protobuf build of the official centrifuge JavaScript client ('centrifuge/build/protobuf',
// subprotocol centrifuge-protobuf, binary frames) beside its default JSON build, against a running
// demo server: both subscribe to one channel, receive an HTTP publish and each other's publish, and
// the Protobuf client lists presence. Prints one line "RESULT <json>"; CentrifugeJsProtobufIT asserts on it.
// Usage: node protobuf.mjs <http://host:port>
import { Centrifuge as ProtobufCentrifuge } from 'centrifuge/build/protobuf';
import { Centrifuge as JsonCentrifuge } from 'centrifuge';
import WebSocket from 'ws';
import { waitFor } from './harness.mjs';

const [base] = process.argv.slice(2);
const wsUrl = base.replace(/^http/, 'ws') + '/api/live/ws';
const basic = 'Basic ' + Buffer.from('admin:admin').toString('base64');
const channel = '1/grafana/broadcast/protobuf-js';
const result = { steps: [] };
const clients = [];
const protocols = [];

// A ws WebSocket that signs in with HTTP Basic on the upgrade and records the negotiated subprotocol.
class BasicWebSocket extends WebSocket {
  constructor(url, protocols_) {
    super(url, protocols_, { headers: { Authorization: basic } });
    this.on('open', () => protocols.push(this.protocol));
  }
}

function subscribe(c) {
  const sub = c.newSubscription(channel);
  const log = { pubs: [], subscribed: 0 };
  sub.on('publication', (ctx) => log.pubs.push({ data: ctx.data, info: ctx.info }));
  sub.on('subscribed', () => log.subscribed++);
  sub.subscribe();
  return { sub, log };
}

const text = (data) => (data instanceof Uint8Array ? new TextDecoder().decode(data) : JSON.stringify(data));

async function step(name, fn) {
  try {
    const value = await fn();
    result.steps.push({ name, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    result.steps.push({ name, ok: false, error: String(e && e.message ? e.message : e) });
  }
}

const main = async () => {
  const proto = new ProtobufCentrifuge(wsUrl, { websocket: BasicWebSocket, timeout: 5000 });
  const json = new JsonCentrifuge(wsUrl, { websocket: BasicWebSocket, timeout: 5000 });
  clients.push(proto, json);
  let p;
  let j;
  await step('connect both', async () => {
    const connected = Promise.all([proto, json].map((c) => new Promise((res) => c.once('connected', res))));
    proto.connect();
    json.connect();
    await connected;
    return protocols.slice().sort();
  });
  await step('subscribe both', async () => {
    p = subscribe(proto);
    j = subscribe(json);
    await waitFor('subscribed', () => p.log.subscribed && j.log.subscribed);
  });
  await step('HTTP publish reaches both', async () => {
    const res = await fetch(base + '/api/live/publish', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: channel.substring(2), data: { from: 'http' } }),
    });
    if (res.status !== 200) throw new Error('publish status ' + res.status);
    await waitFor('both got it', () => p.log.pubs.length >= 1 && j.log.pubs.length >= 1);
    return { protobuf: text(p.log.pubs[0].data), json: text(j.log.pubs[0].data) };
  });
  await step('Protobuf client publish reaches the JSON client', async () => {
    await p.sub.publish(new TextEncoder().encode(JSON.stringify({ from: 'protobuf-js' })));
    await waitFor('json got it', () => j.log.pubs.length >= 2);
    return { data: text(j.log.pubs[1].data), client: j.log.pubs[1].info && j.log.pubs[1].info.client };
  });
  await step('presence through the Protobuf client', async () => {
    const presence = await p.sub.presence();
    const stats = await p.sub.presenceStats();
    return { clients: Object.keys(presence.clients).length, numClients: stats.numClients };
  });
};

const timer = setTimeout(() => {
  result.timedOut = true;
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(1);
}, 40000);
main()
  .catch((e) => { result.crashed = String(e && e.stack ? e.stack : e); })
  .finally(() => {
    clearTimeout(timer);
    clients.forEach((c) => c.disconnect());
    console.log('RESULT ' + JSON.stringify(result));
    process.exit(0);
  });
