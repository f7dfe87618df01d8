// Drives Debian's chromium (never a downloaded browser) through the demo page with
// playwright-core. Started by DemoBrowserIT / NginxProxyIT with:
//   BASE_URL   the demo (or the proxy in front of it), e.g. http://127.0.0.1:3000
//   ARTIFACTS  where screenshots go
//   MODE       "full" (every check) or "proxy" (login, live chart, chat: what a proxy can break)
//   TRANSPORT  optional: the transport the page must have connected over (websocket, http_stream, sse)
//   PUSH       "0" to leave out the pushed-stream chart (for a server without /api/live/push)
//   PING_SECONDS the server's ping interval when it was shortened for the test: a page must then
//              keep one connection over several pings (it answers each with a pong)
// Prints one "PASS <check>" line per check and "N passed, 0 failed" at the end; exits 1 on the
// first failure with "FAIL <check>: <reason>".
'use strict';

const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const BASE_URL = required('BASE_URL').replace(/\/$/, '');
const ARTIFACTS = required('ARTIFACTS');
const MODE = process.env.MODE || 'full';
const PUSH = process.env.PUSH !== '0';
const PING_SECONDS = Number(process.env.PING_SECONDS || 0);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const USER = { username: 'admin', password: 'admin' };
const STEP_TIMEOUT = 20000;
const RUN = Date.now().toString(36); // keeps this run's chat lines and channels apart

let passed = 0;

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`FAIL setup: environment variable ${name} is not set`);
    process.exit(2);
  }
  return v;
}

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`PASS ${name}`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
    throw e;
  }
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

async function points(page, selector) {
  return Number(await page.getAttribute(selector, 'data-points'));
}

/** Waits until the chart holds more points than it did when called. */
async function chartMoves(page, selector) {
  await page.waitForFunction(s => Number(document.querySelector(s).dataset.points) > 0, selector, { timeout: STEP_TIMEOUT });
  const before = await points(page, selector);
  await page.waitForFunction(([s, n]) => Number(document.querySelector(s).dataset.points) > n, [selector, before],
    { timeout: STEP_TIMEOUT });
  return [before, await points(page, selector)];
}

/**
 * Makes every page of the context remember the WebSockets it opens (in window.__testSockets),
 * so a check can drop the page's connection the way a network would; the page's own code is
 * unchanged and still uses the browser's WebSocket.
 */
async function trackSockets(context) {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__testSockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__testSockets.push(this);
      }
    };
  });
}

async function openLivePage(context) {
  const page = await context.newPage();
  page.on('pageerror', e => console.log(`page error on ${page.url()}: ${e.message}`));
  await page.goto(BASE_URL + '/');
  await page.waitForSelector('#conn-state[data-state="connected"]', { timeout: STEP_TIMEOUT });
  return page;
}

async function pushLine(streamId, line) {
  const res = await fetch(`${BASE_URL}/api/live/push/${streamId}`, {
    method: 'POST',
    headers: { Authorization: 'Basic ' + Buffer.from(`${USER.username}:${USER.password}`).toString('base64') },
    body: line
  });
  if (!res.ok) throw new Error(`push to ${streamId} answered ${res.status}: ${await res.text()}`);
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, 0 failed`);
}

async function run(browser) {
  await check('without a login the page answers 401 with a Basic challenge (the browser\'s login prompt)', async () => {
    const anonymous = await browser.newContext();
    const res = await anonymous.request.get(BASE_URL + '/');
    const challenge = res.headers()['www-authenticate'] || '';
    if (res.status() !== 401 || !/^Basic /i.test(challenge)) {
      throw new Error(`expected 401 with WWW-Authenticate: Basic, got ${res.status()} '${challenge}'`);
    }
    await anonymous.close();
  });

  // Two browsers, each signed in as admin/admin (the credentials answer the Basic prompt).
  const viewport = { width: 1100, height: 820 };
  const ctxA = await browser.newContext({ httpCredentials: USER, viewport });
  const ctxB = await browser.newContext({ httpCredentials: USER, viewport });
  await trackSockets(ctxA);
  await trackSockets(ctxB);
  let a;
  let b;

  await check('after logging in, the page connects and shows the user', async () => {
    a = await openLivePage(ctxA);
    const login = await a.textContent('#user-login');
    if (login !== 'admin') throw new Error(`expected to be signed in as admin, the page says '${login}'`);
  });

  await check('the random-2s-stream chart moves', async () => {
    const [before, after] = await chartMoves(a, '#chart-random');
    console.log(`  chart points ${before} -> ${after}`);
    await shot(a, '01-live-page');
  });

  let bClient;
  let bSince;
  await check('two pages see each other in presence', async () => {
    b = await openLivePage(ctxB);
    bClient = await b.evaluate(() => window.demoSession.clientId);
    bSince = Date.now();
    for (const p of [a, b]) {
      await p.waitForFunction(() => document.querySelectorAll('#presence li').length >= 2, null, { timeout: STEP_TIMEOUT });
    }
    await a.waitForSelector('#join-log li.join', { timeout: STEP_TIMEOUT });
  });

  const fromA = `hello from A ${RUN}`;
  const fromB = `hello from B ${RUN}`;
  await check('two pages see each other\'s chat message', async () => {
    await a.fill('#chat-input', fromA);
    await a.click('#chat-form button');
    await b.waitForSelector(`#chat-log li:has-text("${fromA}")`, { timeout: STEP_TIMEOUT });
    await b.fill('#chat-input', fromB);
    await b.press('#chat-input', 'Enter');
    await a.waitForSelector(`#chat-log li:has-text("${fromB}")`, { timeout: STEP_TIMEOUT });
    await shot(a, '02-chat-a');
    await shot(b, '02-chat-b');
  });

  if (process.env.TRANSPORT) {
    await check(`the page is connected over ${process.env.TRANSPORT}`, async () => {
      const used = await a.evaluate(() => window.demoSession.transport);
      if (used !== process.env.TRANSPORT) throw new Error(`the page connected over ${used}`);
    });
  }

  if (MODE === 'proxy') {
    await check('a page that closes is seen leaving', async () => {
      await b.close();
      await a.waitForSelector('#join-log li.leave', { timeout: STEP_TIMEOUT });
    });
    return;
  }

  await check('after the connection drops, the page reconnects and resubscribes', async () => {
    const oldClient = await a.evaluate(() => window.demoSession.clientId);
    const before = await points(a, '#chart-random');
    // the centrifuge client hides its socket: close the one the page opened last (see trackSockets)
    await a.evaluate(() => window.__testSockets[window.__testSockets.length - 1].close(3000, 'dropped by the browser test'));
    await a.waitForFunction(old => window.demoSession.client.state === 'connected' && window.demoSession.clientId !== old,
      oldClient, { timeout: STEP_TIMEOUT });
    // the resubscribed stream answers with a frame of its own, then keeps going
    await a.waitForFunction(n => Number(document.querySelector('#chart-random').dataset.points) > n, before,
      { timeout: STEP_TIMEOUT });
    await b.waitForFunction(c => !document.querySelector(`#presence li[data-client="${c}"]`), oldClient,
      { timeout: STEP_TIMEOUT });
    // the chat's last message comes back with the resubscribe: shown once, not twice
    await a.waitForFunction(() => Object.values(window.demoSession.client.subscriptions())
      .every(sub => sub.state === 'subscribed'), null, { timeout: STEP_TIMEOUT });
    const copies = await a.locator(`#chat-log li:has-text("${fromB}")`).count();
    if (copies !== 1) throw new Error(`B's message is on A's page ${copies} times after the reconnect`);
  });

  if (PUSH) {
    await check('a pushed stream can be picked from /api/live/list and its chart moves', async () => {
      const stream = `demo${RUN}`;
      await pushLine(stream, `cpu,host=a usage=0.5 ${Date.now()}000000`);
      const channel = `stream/${stream}/cpu`;
      await a.click('#streams-refresh');
      await a.waitForSelector(`#stream-select option[value="${channel}"]`, { state: 'attached', timeout: STEP_TIMEOUT });
      await a.selectOption('#stream-select', channel);
      await a.waitForFunction(() => /showing/.test(document.querySelector('#picked-status').textContent), null,
        { timeout: STEP_TIMEOUT });
      const before = await points(a, '#chart-picked');
      let value = 0.5;
      const pusher = setInterval(() => {
        value = Math.round((value + Math.random() - 0.5) * 100) / 100;
        pushLine(stream, `cpu,host=a usage=${value}`).catch(e => console.log(`  push failed: ${e.message}`));
      }, 300);
      try {
        await a.waitForFunction(n => Number(document.querySelector('#chart-picked').dataset.points) >= n + 3, before,
          { timeout: STEP_TIMEOUT });
      } finally {
        clearInterval(pusher);
      }
      await shot(a, '03-pushed-stream');
    });
  } else {
    console.log('NOTE pushed-stream chart not checked (PUSH=0)');
  }

  await check('editing-started in one tab shows in the other, and a save shows "changed by admin"', async () => {
    const da = await ctxA.newPage();
    const db = await ctxB.newPage();
    for (const p of [da, db]) {
      await p.goto(BASE_URL + '/dashboard.html?uid=demo');
      await p.waitForSelector('#conn-state[data-state="connected"]', { timeout: STEP_TIMEOUT });
      await p.waitForSelector('#dash-edit:not([disabled])', { timeout: STEP_TIMEOUT });
      await p.waitForSelector('body[data-live="subscribed"]', { timeout: STEP_TIMEOUT });
    }
    await db.click('#dash-edit');
    await da.waitForSelector('#dash-notice[data-kind="editing-started"]', { timeout: STEP_TIMEOUT });
    const started = await da.textContent('#dash-notice');
    if (!/admin started editing/.test(started)) throw new Error(`unexpected notice '${started}'`);

    const title = `Renamed in tab B ${RUN}`;
    await db.fill('#dash-title', title);
    await db.fill('#dash-message', 'new title');
    await db.click('#dash-save');
    await db.waitForSelector('#dash-notice[data-kind="saved-here"]', { timeout: STEP_TIMEOUT });
    await da.waitForSelector('#dash-notice[data-kind="changed"]', { timeout: STEP_TIMEOUT });
    const changed = await da.textContent('#dash-notice');
    if (!/changed by admin/.test(changed)) throw new Error(`expected "changed by admin", the other tab says '${changed}'`);
    await da.waitForFunction(t => document.querySelector('#dash-title').value === t, title, { timeout: STEP_TIMEOUT });
    await shot(da, '04-dashboard-changed');
    await shot(db, '04-dashboard-saved');
  });

  await check('the real centrifuge client connects, subscribes and receives a publication', async () => {
    const page = await ctxA.newPage();
    page.on('pageerror', e => console.log(`interop page error: ${e.message}`));
    page.on('console', m => console.log(`  interop page: ${m.text()}`));
    // a plain document of the server's own origin (the signed-in user's JSON): the WebSocket
    // upgrade then carries the login and a matching Origin, and chromium's local network access
    // checks see a loopback page talking to loopback (a page fulfilled by the test would not be)
    await page.goto(BASE_URL + '/api/demo/me');
    await page.addScriptTag({ path: path.join(__dirname, 'node_modules', 'centrifuge', 'dist', 'centrifuge.js') });
    const result = await page.evaluate(async ({ run, timeout }) => {
      const me = await (await fetch('/api/demo/me')).json();
      const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live/ws';
      const client = new Centrifuge(url);
      const done = new Promise((resolve, reject) => {
        setTimeout(() => reject(new Error('no publication within ' + timeout + ' ms')), timeout);
        client.on('error', ctx => console.log('centrifuge error ' + JSON.stringify(ctx)));
        client.on('state', ctx => console.log('centrifuge client state ' + ctx.newState));
        const stream = client.newSubscription(me.orgId + '/plugin/testdata/random-2s-stream');
        const chat = client.newSubscription(me.orgId + '/grafana/broadcast/interop-' + run);
        const got = { stream: null, echo: null };
        stream.on('publication', ctx => {
          got.stream = ctx.data;
          if (got.echo) resolve(got);
        });
        for (const sub of [stream, chat]) {
          sub.on('state', ctx => console.log('subscription ' + sub.channel + ' ' + ctx.newState));
          sub.on('error', ctx => console.log('subscription ' + sub.channel + ' error ' + JSON.stringify(ctx)));
        }
        chat.on('subscribed', () => chat.publish({ text: 'from the real client ' + run }));
        chat.on('publication', ctx => {
          got.echo = ctx.data;
          if (got.stream) resolve(got);
        });
        stream.subscribe();
        chat.subscribe();
      });
      client.connect();
      try {
        const got = await done;
        const presence = await client.presence(me.orgId + '/grafana/broadcast/interop-' + run);
        return { ok: true, got, presence: Object.keys(presence.clients).length };
      } finally {
        client.disconnect();
      }
    }, { run: RUN, timeout: STEP_TIMEOUT });
    if (!result.ok) throw new Error(JSON.stringify(result));
    if (!result.got.stream || !result.got.stream.data || !Array.isArray(result.got.stream.data.values)) {
      throw new Error('the stream publication is not a data frame: ' + JSON.stringify(result.got.stream));
    }
    if (result.got.echo.text !== 'from the real client ' + RUN) throw new Error('echo was ' + JSON.stringify(result.got.echo));
    if (result.presence !== 1) throw new Error(`expected 1 client in presence, got ${result.presence}`);
  });

  if (PING_SECONDS > 0) {
    await check('a page answers the server\'s pings: one connection outlives several ping intervals', async () => {
      const wait = bSince + PING_SECONDS * 3500 - Date.now();
      if (wait > 0) await b.waitForTimeout(wait); // the server pings on its own clock; nothing to await in the page
      const now = await b.evaluate(() => [window.demoSession.client.state, window.demoSession.clientId]);
      if (now[0] !== 'connected' || now[1] !== bClient) {
        throw new Error(`page B's connection ${bClient} did not last ${PING_SECONDS * 3.5} s: now ${now[0]} as ${now[1]}`);
      }
    });
  }

  await check('a page that closes is seen leaving', async () => {
    await b.close();
    await a.waitForSelector('#join-log li.leave', { timeout: STEP_TIMEOUT });
    await a.bringToFront();
    await a.evaluate(() => window.scrollTo(0, 0));
    await a.screenshot({ path: path.join(ARTIFACTS, '00-overview.png'), fullPage: true });
  });
}

main().catch(e => {
  console.log(`${passed} passed, 1 failed`);
  if (e && e.stack) console.error(e.stack);
  process.exit(1);
});
