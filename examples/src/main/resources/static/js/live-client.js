// A small browser client for the subset of the Centrifuge v2 JSON protocol the demo pages need:
// connect, subscribe (with join/leave), publish, presence, answering pings, and reconnecting
// with backoff. One WebSocket per page; every subscription is re-established after a reconnect.
// The protocol is described in the project's docs; this file is our own code, no dependency.
(function (global) {
  'use strict';

  // Close codes after which the server wants us to stay away (protocol: 3500-3999, 4500-4999
  // and 1009 "message too big" are terminal; other codes reconnect).
  function isTerminalClose(code) {
    return (code >= 3500 && code < 4000) || (code >= 4500 && code < 5000) || code === 1009;
  }

  function LiveError(code, message, temporary) {
    this.name = 'LiveError';
    this.code = code;
    this.message = message;
    this.temporary = !!temporary;
  }
  LiveError.prototype = Object.create(Error.prototype);

  /** Exponential backoff with full jitter: attempt 0 waits up to min, then doubles up to max. */
  function backoff(attempt, min, max) {
    var cap = Math.min(max, min * Math.pow(2, attempt));
    return Math.round(cap / 2 + Math.random() * cap / 2);
  }

  /** A channel this page wants to stay subscribed to, across reconnects. */
  function Subscription(client, channel, handlers) {
    this.client = client;
    this.channel = channel;
    this.handlers = handlers || {};
    this.state = 'unsubscribed'; // unsubscribed | subscribing | subscribed | failed
    this.attempts = 0;
    this.timer = null;
  }

  Subscription.prototype._emit = function (name, arg) {
    var h = this.handlers[name];
    if (typeof h === 'function') {
      try { h(arg, this); } catch (e) { console.error('live: ' + name + ' handler for ' + this.channel + ' threw', e); }
    }
  };

  Subscription.prototype.publish = function (data) {
    return this.client.publish(this.channel, data);
  };

  Subscription.prototype.presence = function () {
    return this.client.presence(this.channel);
  };

  Subscription.prototype.unsubscribe = function () {
    this.client._forget(this);
  };

  /**
   * new LiveClient(url, options). Options: token (sent as the auth_token query parameter, for
   * when the browser has no credentials to send on the upgrade), name, minReconnectDelay (ms),
   * maxReconnectDelay (ms), timeout (ms per command), onState(state, detail).
   */
  function LiveClient(url, options) {
    options = options || {};
    this.url = options.token ? url + (url.indexOf('?') < 0 ? '?' : '&') + 'auth_token=' + encodeURIComponent(options.token) : url;
    this.name = options.name || 'heliograph-demo';
    this.minDelay = options.minReconnectDelay || 500;
    this.maxDelay = options.maxReconnectDelay || 20000;
    this.timeout = options.timeout || 10000;
    this.onState = options.onState || function () {};
    this.state = 'disconnected'; // disconnected | connecting | connected | closed
    this.clientId = null;
    this.ws = null;
    this.nextId = 1;
    this.pending = {};
    this.subs = {};
    this.attempts = 0;
    this.reconnectTimer = null;
    this.idleTimer = null;
    this.pingSeconds = 0;
    this.pong = false;
  }

  LiveClient.prototype._setState = function (state, detail) {
    this.state = state;
    try { this.onState(state, detail); } catch (e) { console.error('live: onState threw', e); }
  };

  /** Opens the connection (again); subscriptions made before or after are sent once connected. */
  LiveClient.prototype.connect = function () {
    if (this.state === 'connecting' || this.state === 'connected') return;
    clearTimeout(this.reconnectTimer);
    this._setState('connecting');
    var self = this;
    var ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this._scheduleReconnect('cannot open ' + this.url + ': ' + e.message);
      return;
    }
    this.ws = ws;
    ws.onopen = function () {
      if (self.ws !== ws) return;
      self._send([{ id: self._id('connect'), connect: { name: self.name } }]);
    };
    ws.onmessage = function (event) {
      if (self.ws !== ws) return;
      self._onFrame(event.data);
    };
    ws.onclose = function (event) {
      if (self.ws !== ws) return;
      self._onClose(event.code, event.reason);
    };
    ws.onerror = function () { /* onclose follows and says why */ };
  };

  /** Closes the connection for good (no reconnect). */
  LiveClient.prototype.disconnect = function () {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.idleTimer);
    var ws = this.ws;
    this.ws = null;
    this._failPending(new LiveError(0, 'client disconnected'));
    if (ws) ws.close(1000, 'bye');
    this._setState('closed');
  };

  /** Subscribes (now or once connected). Handlers: publication, join, leave, subscribed, error, unsubscribed. */
  LiveClient.prototype.subscribe = function (channel, handlers) {
    if (this.subs[channel]) throw new Error('already subscribed to ' + channel + ' on this client');
    var sub = new Subscription(this, channel, handlers);
    this.subs[channel] = sub;
    if (this.state === 'connected') this._sendSubscribes([sub]);
    return sub;
  };

  LiveClient.prototype.publish = function (channel, data) {
    return this._call('publish', { channel: channel, data: data });
  };

  /** Resolves to the presence map {clientId: {user, client, conn_info?, chan_info?}}. */
  LiveClient.prototype.presence = function (channel) {
    return this._call('presence', { channel: channel }).then(function (r) { return r.presence || {}; });
  };

  LiveClient.prototype._forget = function (sub) {
    if (this.subs[sub.channel] !== sub) return;
    delete this.subs[sub.channel];
    clearTimeout(sub.timer);
    var wasActive = sub.state === 'subscribed' || sub.state === 'subscribing';
    sub.state = 'unsubscribed';
    if (wasActive && this.state === 'connected') {
      this._call('unsubscribe', { channel: sub.channel }).catch(function () {});
    }
  };

  LiveClient.prototype._id = function (method) {
    var id = this.nextId++;
    this.pending[id] = { method: method };
    return id;
  };

  LiveClient.prototype._call = function (method, params) {
    var self = this;
    if (this.state !== 'connected') {
      return Promise.reject(new LiveError(0, method + ' needs a connection; the client is ' + this.state, true));
    }
    return new Promise(function (resolve, reject) {
      var id = self.nextId++;
      var timer = setTimeout(function () {
        delete self.pending[id];
        reject(new LiveError(0, method + ' got no reply within ' + self.timeout + ' ms', true));
      }, self.timeout);
      self.pending[id] = { method: method, resolve: resolve, reject: reject, timer: timer };
      var cmd = { id: id };
      cmd[method] = params;
      self._send([cmd]);
    });
  };

  /** Sends commands as one text frame, one JSON object per line. */
  LiveClient.prototype._send = function (commands) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(commands.map(function (c) { return JSON.stringify(c); }).join('\n'));
    return true;
  };

  LiveClient.prototype._onFrame = function (text) {
    this._armIdleTimer();
    var lines = String(text).trim().split('\n');
    for (var i = 0; i < lines.length; i++) {
      if (lines[i] === '') continue;
      var msg;
      try {
        msg = JSON.parse(lines[i]);
      } catch (e) {
        console.error('live: the server sent a line that is not JSON, reconnecting', lines[i]);
        this.ws.close(3000, 'bad frame');
        return;
      }
      if (msg.id) this._onReply(msg);
      else if (msg.push) this._onPush(msg.push);
      else if (this.pong) this._send([{}]); // a ping: answer with a pong
    }
  };

  LiveClient.prototype._onReply = function (msg) {
    var p = this.pending[msg.id];
    if (!p) return;
    delete this.pending[msg.id];
    clearTimeout(p.timer);
    if (p.method === 'connect') return this._onConnectReply(msg);
    if (p.method === 'subscribe') return this._onSubscribeReply(p.sub, msg);
    if (msg.error) p.reject(new LiveError(msg.error.code, msg.error.message, msg.error.temporary));
    else p.resolve(msg[p.method] || {});
  };

  LiveClient.prototype._onConnectReply = function (msg) {
    if (msg.error) {
      var e = msg.error;
      if (e.code < 100 || e.temporary || e.code === 109) {
        this.ws.close(3000, 'connect failed');
      } else {
        this.disconnect();
        this._setState('closed', 'connect refused: ' + e.code + ' ' + e.message);
      }
      return;
    }
    var r = msg.connect;
    this.clientId = r.client;
    this.pingSeconds = r.ping || 0;
    this.pong = !!r.pong;
    this.attempts = 0;
    this._armIdleTimer();
    this._setState('connected', this.clientId);
    var all = [];
    for (var ch in this.subs) all.push(this.subs[ch]);
    this._sendSubscribes(all);
  };

  /** Subscribes several channels in one frame. */
  LiveClient.prototype._sendSubscribes = function (subs) {
    var cmds = [];
    for (var i = 0; i < subs.length; i++) {
      var sub = subs[i];
      clearTimeout(sub.timer);
      sub.state = 'subscribing';
      var id = this._id('subscribe');
      this.pending[id].sub = sub;
      cmds.push({ id: id, subscribe: { channel: sub.channel } });
    }
    if (cmds.length) this._send(cmds);
  };

  LiveClient.prototype._onSubscribeReply = function (sub, msg) {
    if (this.subs[sub.channel] !== sub) return; // forgotten meanwhile
    if (msg.error) {
      var e = msg.error;
      if (e.temporary || e.code === 109) {
        this._resubscribeLater(sub);
      } else {
        sub.state = 'failed';
        sub._emit('error', new LiveError(e.code, e.message, false));
      }
      return;
    }
    sub.state = 'subscribed';
    sub.attempts = 0;
    sub._emit('subscribed', msg.subscribe || {});
  };

  LiveClient.prototype._resubscribeLater = function (sub) {
    var self = this;
    sub.state = 'subscribing';
    sub.timer = setTimeout(function () {
      if (self.subs[sub.channel] === sub && self.state === 'connected') self._sendSubscribes([sub]);
    }, backoff(sub.attempts++, this.minDelay, this.maxDelay));
  };

  LiveClient.prototype._onPush = function (push) {
    var sub = this.subs[push.channel];
    if (push.disconnect) return; // the close frame that follows carries the code
    if (!sub) return;
    if (push.pub) sub._emit('publication', push.pub);
    else if (push.join) sub._emit('join', push.join.info);
    else if (push.leave) sub._emit('leave', push.leave.info);
    else if (push.unsubscribe) {
      var code = push.unsubscribe.code || 0;
      if (code >= 2500) {
        this._resubscribeLater(sub);
      } else {
        sub.state = 'unsubscribed';
        sub._emit('unsubscribed', push.unsubscribe);
      }
    }
  };

  /** The server pings every `ping` seconds; silence for ping + 10 s means the link is dead. */
  LiveClient.prototype._armIdleTimer = function () {
    clearTimeout(this.idleTimer);
    if (!this.pingSeconds) return;
    var self = this;
    var ws = this.ws;
    this.idleTimer = setTimeout(function () {
      if (self.ws === ws && ws) ws.close(3012, 'no ping');
    }, (this.pingSeconds + 10) * 1000);
  };

  LiveClient.prototype._failPending = function (error) {
    var pending = this.pending;
    this.pending = {};
    for (var id in pending) {
      clearTimeout(pending[id].timer);
      if (pending[id].reject) pending[id].reject(error);
    }
  };

  LiveClient.prototype._onClose = function (code, reason) {
    clearTimeout(this.idleTimer);
    this.ws = null;
    this.clientId = null;
    this._failPending(new LiveError(0, 'connection closed (' + code + ')', true));
    for (var ch in this.subs) {
      clearTimeout(this.subs[ch].timer);
      if (this.subs[ch].state !== 'failed') this.subs[ch].state = 'unsubscribed';
    }
    if (isTerminalClose(code)) {
      this._setState('closed', 'the server closed the connection for good: ' + code + ' ' + (reason || ''));
      return;
    }
    this._scheduleReconnect('closed ' + code + (reason ? ' ' + reason : ''));
  };

  LiveClient.prototype._scheduleReconnect = function (why) {
    var self = this;
    var delay = backoff(this.attempts++, this.minDelay, this.maxDelay);
    this._setState('disconnected', why + '; reconnecting in ' + delay + ' ms');
    this.reconnectTimer = setTimeout(function () { self.connect(); }, delay);
  };

  /** The WebSocket URL of this page's server: ws(s)://host/api/live/ws. */
  LiveClient.defaultUrl = function () {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live/ws';
  };

  global.LiveClient = LiveClient;
  global.LiveError = LiveError;
})(window);
