// What every demo page does first: ask who is signed in (the browser already sent the login it
// was asked for), then open one connection with the official centrifuge client (vendor/centrifuge)
// and show its state in #conn-state. No token: the server authenticates the WebSocket upgrade by
// the same Basic login the browser sends for the page.
(function (global) {
  'use strict';

  function el(id) { return document.getElementById(id); }

  function liveUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live/ws';
  }

  /**
   * WebSocket first; where it cannot get through (a proxy that strips Upgrade), the client falls
   * back to HTTP-streaming, then SSE, posting its commands to the emulation endpoint.
   */
  function liveTransports() {
    var http = location.protocol + '//' + location.host + '/api/live/';
    return [
      { transport: 'websocket', endpoint: liveUrl() },
      { transport: 'http_stream', endpoint: http + 'http_stream' },
      { transport: 'sse', endpoint: http + 'sse' }
    ];
  }

  function showState(state, detail) {
    var badge = el('conn-state');
    badge.dataset.state = state;
    badge.textContent = state;
    badge.title = detail || '';
  }

  /**
   * Resolves to the page's session once /api/demo/me answered: {user, client (a Centrifuge,
   * connecting), clientId (the server's id for the current connection), channel(name) (the
   * name in the user's org), subscribe(name, handlers)}.
   */
  function startSession() {
    return fetch('/api/demo/me', { credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('/api/demo/me answered ' + r.status + ': sign in as admin/admin and reload');
        return r.json();
      })
      .then(function (user) {
        el('user-login').textContent = user.login;
        var client = new Centrifuge(liveTransports(), {
          name: 'heliograph-demo',
          emulationEndpoint: location.protocol + '//' + location.host + '/api/live/emulation'
        });
        var session = {
          user: user,
          client: client,
          clientId: null,
          channel: function (name) { return user.orgId + '/' + name; },
          subscribe: function (name, handlers) { return subscribe(client, session.channel(name), handlers); }
        };
        client.on('connecting', function (ctx) { showState('connecting', ctx.code + ' ' + ctx.reason); });
        client.on('connected', function (ctx) {
          session.clientId = ctx.client;
          session.transport = ctx.transport;
          showState('connected', 'client ' + ctx.client + ' over ' + ctx.transport);
        });
        client.on('disconnected', function (ctx) { showState('disconnected', ctx.code + ' ' + ctx.reason); });
        client.on('error', function (ctx) { console.warn('live connection: ' + ctx.type, ctx.error); });
        client.connect();
        global.demoSession = session; // for the browser console (and the browser test)
        return session;
      })
      .catch(function (e) {
        showState('disconnected', e.message);
        el('conn-state').textContent = e.message;
        throw e;
      });
  }

  /**
   * Subscribes to `channel` (again, if the page subscribed before and unsubscribed since);
   * handlers: subscribed, publication, join, leave, error ({code, message}: refused for now
   * or for good). Returns the centrifuge Subscription.
   */
  function subscribe(client, channel, handlers) {
    var old = client.getSubscription(channel);
    if (old) client.removeSubscription(old);
    var sub = client.newSubscription(channel, { joinLeave: true });
    ['subscribed', 'publication', 'join', 'leave'].forEach(function (event) {
      if (handlers[event]) sub.on(event, handlers[event]);
    });
    if (handlers.error) {
      sub.on('error', function (ctx) { handlers.error({ code: ctx.error.code, message: ctx.error.message }); });
      sub.on('unsubscribed', function (ctx) {
        if (ctx.code !== 0) handlers.error({ code: ctx.code, message: ctx.reason });
      });
    }
    sub.subscribe();
    return sub;
  }

  function escapeText(text) {
    var d = document.createElement('div');
    d.textContent = text == null ? '' : String(text);
    return d.innerHTML;
  }

  function timeOfDay(d) {
    return d.toTimeString().slice(0, 8);
  }

  global.DemoSession = { start: startSession, escapeText: escapeText, timeOfDay: timeOfDay, el: el };
})(window);
