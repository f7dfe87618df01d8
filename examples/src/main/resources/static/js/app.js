// The main demo page: the random-walk chart, a chart of any managed stream from /api/live/list,
// and the broadcast chat with who is here.
(function () {
  'use strict';
  var S = window.DemoSession;
  var el = S.el;

  S.start().then(function (session) {
    document.querySelectorAll('.host').forEach(function (h) { h.textContent = location.host; });
    startRandomChart(session);
    startStreamPicker(session);
    startChat(session);
  });

  function startRandomChart(session) {
    var chart = new StreamChart(el('chart-random'));
    var frames = new FrameSeries();
    var status = el('random-status');
    session.subscribe('plugin/testdata/random-2s-stream', {
      subscribed: function (ctx) {
        status.textContent = 'subscribed: a new point every 2 s';
        if (ctx.data) chart.append(frames.read(ctx.data));
      },
      publication: function (ctx) { chart.append(frames.read(ctx.data)); },
      error: function (e) { status.textContent = 'subscribe refused: ' + e.code + ' ' + e.message; }
    });
  }

  function startStreamPicker(session) {
    var select = el('stream-select');
    var status = el('picked-status');
    var chart = new StreamChart(el('chart-picked'));
    var current = null;

    function refresh() {
      return fetch('/api/live/list', { credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) throw new Error('/api/live/list answered ' + r.status);
          return r.json();
        })
        .then(function (body) {
          var chosen = select.value;
          var names = (body.channels || []).map(function (c) { return c.channel; });
          if (chosen && names.indexOf(chosen) < 0) names.push(chosen); // keep showing a quiet stream
          select.innerHTML = '<option value="">(no stream picked)</option>' + names.map(function (n) {
            return '<option value="' + S.escapeText(n) + '">' + S.escapeText(n) + '</option>';
          }).join('');
          select.value = chosen;
          select.dataset.count = String(body.channels ? body.channels.length : 0);
        })
        .catch(function (e) { status.textContent = e.message; });
    }

    select.addEventListener('change', function () {
      if (current) {
        current.unsubscribe();
        session.client.removeSubscription(current);
      }
      current = null;
      chart.clear();
      if (!select.value) return;
      var frames = new FrameSeries();
      var name = select.value;
      status.textContent = 'subscribing to ' + name + '…';
      current = session.subscribe(name, {
        subscribed: function (ctx) {
          status.textContent = 'showing ' + name + ': push more points and watch them arrive';
          if (ctx.data) chart.append(frames.read(ctx.data));
        },
        publication: function (ctx) { chart.append(frames.read(ctx.data)); },
        error: function (e) { status.textContent = 'subscribe to ' + name + ' refused: ' + e.code + ' ' + e.message; }
      });
    });
    el('streams-refresh').addEventListener('click', refresh);
    refresh();
    setInterval(refresh, 5000);
  }

  function startChat(session) {
    var log = el('chat-log');
    var joins = el('join-log');
    var presenceList = el('presence');
    var logins = {};
    logins[session.user.id] = session.user.login;
    var chat;

    function addLine(list, html, cls) {
      var li = document.createElement('li');
      if (cls) li.className = cls;
      li.innerHTML = html;
      list.appendChild(li);
      while (list.children.length > 200) list.removeChild(list.firstChild);
      list.scrollTop = list.scrollHeight;
    }

    var shown = {}; // messages already on screen: a resubscribe hands back the last one again

    function showMessage(data, cls) {
      if (!data || typeof data.text !== 'string') return;
      var key = JSON.stringify([data.from, data.at, data.text]);
      if (shown[key]) return;
      if (Object.keys(shown).length > 1000) shown = {};
      shown[key] = true;
      var at = data.at ? new Date(data.at) : new Date();
      addLine(log, '<time>' + S.timeOfDay(at) + '</time> <b>' + S.escapeText(data.from || '?') + '</b> ' +
        S.escapeText(data.text), cls);
    }

    function who(info) {
      var login = (info.connInfo && info.connInfo.login) || logins[info.user] || 'user ' + info.user;
      var you = info.client === session.clientId ? ' (this tab)' : '';
      return S.escapeText(login) + ' <small>' + S.escapeText(info.client) + you + '</small>';
    }

    function refreshPresence() {
      chat.presence().then(function (result) {
        var clients = result.clients;
        var ids = Object.keys(clients).sort();
        presenceList.innerHTML = ids.map(function (id) {
          return '<li data-client="' + S.escapeText(id) + '">' + who(clients[id]) + '</li>';
        }).join('');
        presenceList.dataset.count = String(ids.length);
      }).catch(function (e) { console.warn('presence failed', e); });
    }

    chat = session.subscribe('grafana/broadcast/chat', {
      subscribed: function (ctx) {
        if (ctx.data) showMessage(ctx.data, 'earlier');
        refreshPresence();
      },
      publication: function (ctx) {
        if (ctx.data && ctx.data.from && ctx.info) logins[ctx.info.user] = ctx.data.from;
        showMessage(ctx.data);
      },
      join: function (ctx) {
        addLine(joins, '<time>' + S.timeOfDay(new Date()) + '</time> joined: ' + who(ctx.info), 'join');
        refreshPresence();
      },
      leave: function (ctx) {
        addLine(joins, '<time>' + S.timeOfDay(new Date()) + '</time> left: ' + who(ctx.info), 'leave');
        refreshPresence();
      },
      error: function (e) { addLine(log, 'chat unavailable: ' + S.escapeText(e.code + ' ' + e.message), 'error'); }
    });

    el('chat-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var input = el('chat-input');
      var text = input.value.trim();
      if (!text) return;
      chat.publish({ text: text, from: session.user.login, at: new Date().toISOString() })
        .then(function () { input.value = ''; })
        .catch(function (e) { addLine(log, 'not sent: ' + S.escapeText(e.message), 'error'); });
    });
  }
})();
