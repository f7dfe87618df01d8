// What every demo page does first: ask who is signed in (the browser already sent the login it
// was asked for), then open one live connection and show its state in #conn-state.
(function (global) {
  'use strict';

  function el(id) { return document.getElementById(id); }

  /** Resolves to {user, client} once /api/demo/me answered; the client is connecting. */
  function startSession() {
    return fetch('/api/demo/me', { credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('/api/demo/me answered ' + r.status + ': sign in as admin/admin and reload');
        return r.json();
      })
      .then(function (user) {
        el('user-login').textContent = user.login;
        var state = el('conn-state');
        var client = new LiveClient(LiveClient.defaultUrl(), {
          onState: function (s, detail) {
            state.dataset.state = s;
            state.textContent = s;
            state.title = detail || '';
          }
        });
        client.connect();
        var session = { user: user, client: client, channel: function (name) { return user.orgId + '/' + name; } };
        global.demoSession = session; // for the browser console (and the browser test)
        return session;
      })
      .catch(function (e) {
        var state = el('conn-state');
        state.dataset.state = 'closed';
        state.textContent = e.message;
        throw e;
      });
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
