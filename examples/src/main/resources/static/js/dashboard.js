// The dashboard demo: load a dashboard from the demo API, edit and save it, and hear on
// grafana/dashboard/uid/<uid> when someone else starts editing or saves it.
(function () {
  'use strict';
  var S = window.DemoSession;
  var el = S.el;
  var uid = new URLSearchParams(location.search).get('uid') || 'demo';
  var api = '/api/demo/dashboards/' + encodeURIComponent(uid);
  var shown = null;        // the dashboard as last loaded
  var ownVersions = {};    // versions this tab saved: their "saved" events are our own
  var saving = Promise.resolve();
  var editing = false;

  el('dash-uid').textContent = uid;

  function notice(text, kind) {
    var n = el('dash-notice');
    n.textContent = text;
    n.dataset.kind = kind;
    n.hidden = false;
  }

  function setEditing(on) {
    editing = on;
    ['dash-title', 'dash-description', 'dash-message'].forEach(function (id) { el(id).readOnly = !on; });
    el('dash-edit').disabled = on;
    el('dash-save').disabled = !on;
    el('dash-cancel').disabled = !on;
  }

  function show(d) {
    shown = d;
    el('dash-title').value = d.title;
    el('dash-description').value = d.description;
    el('dash-message').value = '';
    el('dash-meta').textContent = 'version ' + d.version + (d.updatedBy ? ', saved by ' + d.updatedBy : '');
    el('dash-meta').dataset.version = String(d.version);
    document.title = d.title + ' · Heliograph Live demo';
  }

  function load() {
    return fetch(api, { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.message || (api + ' answered ' + r.status));
        return body;
      });
    });
  }

  function save() {
    var body = {
      title: el('dash-title').value,
      description: el('dash-description').value,
      message: el('dash-message').value || null
    };
    saving = fetch(api, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (reply) {
        if (!r.ok) throw new Error(reply.message || ('save answered ' + r.status));
        ownVersions[reply.version] = true;
        setEditing(false);
        show(reply);
        notice('Saved version ' + reply.version + '.', 'saved-here');
      });
    }).catch(function (e) { notice('Not saved: ' + e.message, 'error'); });
    return saving;
  }

  S.start().then(function (session) {
    load().then(function (d) {
      show(d);
      el('dash-edit').disabled = false;
    }).catch(function (e) { notice(e.message, 'error'); });

    var sub = session.subscribe('grafana/dashboard/uid/' + uid, {
      subscribed: function () { document.body.dataset.live = 'subscribed'; },
      error: function (e) { notice('Live updates unavailable: ' + e.code + ' ' + e.message, 'error'); },
      publication: function (ctx) {
        var ev = ctx.data || {};
        var by = ev.user && ev.user.login ? ev.user.login : 'someone';
        if (ev.action === 'editing-started') {
          if (ctx.info && ctx.info.client === session.clientId) return; // our own announcement
          notice(by + ' started editing this dashboard.', 'editing-started');
        } else if (ev.action === 'saved') {
          // wait for our own save to settle, then tell apart our save from someone else's
          saving.then(load).then(function (d) {
            if (ownVersions[d.version]) return;
            if (!editing) show(d);
            notice('Dashboard changed by ' + by + (ev.message ? ': "' + ev.message + '"' : '') +
              (editing ? '. Your edits are not saved; cancel to see the new version.' : ' (now version ' + d.version + ').'),
              'changed');
          });
        } else if (ev.action === 'deleted') {
          notice('Dashboard deleted by ' + by + '.', 'deleted');
        }
      }
    });

    el('dash-edit').addEventListener('click', function () {
      setEditing(true);
      sub.publish({ uid: uid, action: 'editing-started' }).catch(function (e) {
        notice('Could not announce editing: ' + e.message, 'error');
      });
    });
    el('dash-save').addEventListener('click', save);
    el('dash-cancel').addEventListener('click', function () {
      setEditing(false);
      load().then(show);
    });
  });
})();
