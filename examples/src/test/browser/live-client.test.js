// Unit tests of the demo page's protocol client (static/js/live-client.js) against a scripted
// fake WebSocket: what it sends, how it answers pings, and when it reconnects or gives up.
// Run by LiveClientJsIT with `node --test`; no browser needed.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const SOURCE = fs.readFileSync(
  path.join(__dirname, '..', '..', 'main', 'resources', 'static', 'js', 'live-client.js'), 'utf8');

/** Loads the client into a fresh context whose WebSocket is FakeSocket; returns {LiveClient, sockets}. */
function load() {
  const sockets = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(text) { this.sent.push(text); }
    close(code, reason) { this.serverClose(code, reason); }
    // test side
    open() { this.readyState = 1; this.onopen(); }
    receive(...messages) { this.onmessage({ data: messages.map(m => JSON.stringify(m)).join('\n') }); }
    serverClose(code, reason) {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.onclose({ code, reason: reason || '' });
    }
    commands() { return this.sent.flatMap(t => t.split('\n')).map(l => JSON.parse(l)); }
  }
  const window = { location: { protocol: 'http:', host: 'localhost:3000' } };
  const context = vm.createContext({ window, WebSocket: FakeSocket, setTimeout, clearTimeout, Promise, JSON, Math, console,
    encodeURIComponent, Error, Object, String });
  vm.runInContext(SOURCE, context);
  return { LiveClient: window.LiveClient, sockets };
}

function until(predicate, what) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 2000;
    (function poll() {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error('timed out waiting for ' + what));
      setTimeout(poll, 2);
    })();
  });
}

function connected(options) {
  const { LiveClient, sockets } = load();
  const client = new LiveClient('ws://x/api/live/ws', Object.assign({ minReconnectDelay: 5, maxReconnectDelay: 20 }, options));
  client.connect();
  sockets[0].open();
  const connect = sockets[0].commands()[0];
  sockets[0].receive({ id: connect.id, connect: { client: 'c-1', ping: 25, pong: true } });
  return { client, sockets };
}

test('connects first, then subscribes every wanted channel in one frame', () => {
  const { LiveClient, sockets } = load();
  const client = new LiveClient('ws://x/api/live/ws');
  client.subscribe('1/a', {});
  client.subscribe('1/b', {});
  client.connect();
  sockets[0].open();
  const [connect] = sockets[0].commands();
  assert.deepEqual(Object.keys(connect).sort(), ['connect', 'id']);
  sockets[0].receive({ id: connect.id, connect: { client: 'c-1', ping: 25, pong: true } });
  assert.equal(client.state, 'connected');
  assert.equal(client.clientId, 'c-1');
  assert.equal(sockets[0].sent.length, 2, 'connect, then one frame with both subscribes');
  assert.deepEqual(sockets[0].sent[1].split('\n').map(l => JSON.parse(l).subscribe.channel), ['1/a', '1/b']);
  client.disconnect();
});

test('a token goes in the auth_token query parameter', () => {
  const { LiveClient, sockets } = load();
  new LiveClient('ws://x/api/live/ws', { token: 'a b&c' }).connect();
  assert.equal(sockets[0].url, 'ws://x/api/live/ws?auth_token=a%20b%26c');
});

test('answers a ping {} with a pong {}', () => {
  const { client, sockets } = connected();
  const before = sockets[0].sent.length;
  sockets[0].receive({});
  assert.equal(sockets[0].sent[before], '{}');
  client.disconnect();
});

test('delivers publications, joins and leaves to the channel\'s handlers, and the initial data on subscribe', () => {
  const { client, sockets } = connected();
  const seen = [];
  client.subscribe('1/chat', {
    subscribed: r => seen.push(['subscribed', r.data]),
    publication: p => seen.push(['pub', p.data, p.info.client]),
    join: i => seen.push(['join', i.client]),
    leave: i => seen.push(['leave', i.client])
  });
  const sub = sockets[0].commands().find(c => c.subscribe);
  sockets[0].receive(
    { id: sub.id, subscribe: { data: { last: 1 } } },
    { push: { channel: '1/chat', pub: { data: { text: 'hi' }, info: { user: '1', client: 'c-9' } } } },
    { push: { channel: '1/chat', join: { info: { user: '1', client: 'c-8' } } } },
    { push: { channel: '1/chat', leave: { info: { user: '1', client: 'c-8' } } } },
    { push: { channel: '1/other', pub: { data: {} } } });
  assert.deepEqual(seen, [['subscribed', { last: 1 }], ['pub', { text: 'hi' }, 'c-9'], ['join', 'c-8'], ['leave', 'c-8']]);
  client.disconnect();
});

test('publish and presence resolve with their results and reject with the server\'s error', async () => {
  const { client, sockets } = connected();
  const published = client.publish('1/chat', { text: 'x' });
  const presence = client.presence('1/chat');
  const refused = client.publish('1/nope', {});
  const cmds = sockets[0].commands();
  const pub = cmds.find(c => c.publish && c.publish.channel === '1/chat');
  const pres = cmds.find(c => c.presence);
  const bad = cmds.find(c => c.publish && c.publish.channel === '1/nope');
  sockets[0].receive({ id: pub.id, publish: {} }, { id: pres.id, presence: { presence: { 'c-1': { user: '1', client: 'c-1' } } } },
    { id: bad.id, error: { code: 103, message: 'permission denied' } });
  assert.deepEqual(await published, {});
  assert.deepEqual(Object.keys(await presence), ['c-1']);
  await assert.rejects(refused, e => e.code === 103 && e.message === 'permission denied');
  client.disconnect();
});

test('after a reconnecting close it connects again and resubscribes', async () => {
  const { client, sockets } = connected();
  client.subscribe('1/chat', {});
  sockets[0].serverClose(3012, 'no pong');
  assert.equal(client.state, 'disconnected');
  await until(() => sockets.length === 2, 'a second socket');
  sockets[1].open();
  const connect = sockets[1].commands()[0];
  sockets[1].receive({ id: connect.id, connect: { client: 'c-2', ping: 25, pong: true } });
  assert.equal(client.clientId, 'c-2');
  assert.ok(sockets[1].commands().some(c => c.subscribe && c.subscribe.channel === '1/chat'), 'resubscribed');
  client.disconnect();
});

test('a terminal close code (3500-3999, 4500-4999) stops it for good', async () => {
  for (const code of [3501, 3507, 4500]) {
    const { client, sockets } = connected();
    sockets[0].serverClose(code, 'bad request');
    assert.equal(client.state, 'closed', 'after ' + code);
    await new Promise(r => setTimeout(r, 40));
    assert.equal(sockets.length, 1, 'no reconnect after ' + code);
  }
});

test('a temporary subscribe error is retried; a permanent one is reported once', async () => {
  const { client, sockets } = connected();
  const errors = [];
  client.subscribe('1/busy', {});
  client.subscribe('1/denied', { error: e => errors.push(e.code) });
  const first = sockets[0].commands().filter(c => c.subscribe);
  const busy = first.find(c => c.subscribe.channel === '1/busy');
  const denied = first.find(c => c.subscribe.channel === '1/denied');
  sockets[0].receive({ id: busy.id, error: { code: 100, message: 'internal', temporary: true } },
    { id: denied.id, error: { code: 103, message: 'permission denied' } });
  await until(() => sockets[0].commands().filter(c => c.subscribe && c.subscribe.channel === '1/busy').length === 2, 'a retry');
  assert.deepEqual(errors, [103]);
  assert.equal(sockets[0].commands().filter(c => c.subscribe && c.subscribe.channel === '1/denied').length, 1);
  client.disconnect();
});

test('an unsubscribe push with code >= 2500 resubscribes; below 2500 it stays unsubscribed', async () => {
  const { client, sockets } = connected();
  const gone = [];
  client.subscribe('1/a', {});
  client.subscribe('1/b', { unsubscribed: u => gone.push(u.code) });
  sockets[0].receive({ push: { channel: '1/a', unsubscribe: { code: 2500, reason: 'insufficient state' } } },
    { push: { channel: '1/b', unsubscribe: { code: 2000, reason: 'server unsubscribe' } } });
  await until(() => sockets[0].commands().filter(c => c.subscribe && c.subscribe.channel === '1/a').length === 2, 'a resubscribe');
  assert.deepEqual(gone, [2000]);
  client.disconnect();
});

test('a command waiting for its reply fails when the connection drops', async () => {
  const { client, sockets } = connected();
  const pending = client.publish('1/chat', {});
  sockets[0].serverClose(3001, 'shutdown');
  await assert.rejects(pending, e => e.temporary === true);
  client.disconnect();
});
