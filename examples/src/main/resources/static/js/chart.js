// A small time-series line chart on a <canvas>: several named series, a sliding window of the
// last `maxPoints` points per series, y range from the data, time labels on the x axis.
// The canvas carries data-points (total points held) so tests and people can see it move.
(function (global) {
  'use strict';

  var COLORS = ['#3274d9', '#e0752d', '#37872d', '#b877d9', '#c4162a', '#8ab8ff', '#fade2a'];

  function LineChart(canvas, options) {
    options = options || {};
    this.canvas = canvas;
    this.maxPoints = options.maxPoints || 300;
    this.series = {}; // name -> {color, t:[], v:[]}
    this.order = [];
    this.received = 0; // points appended since creation, including ones that slid out
    this.pendingDraw = false;
    var self = this;
    if (global.ResizeObserver) new ResizeObserver(function () { self.draw(); }).observe(canvas);
  }

  /** Appends [{name, times, values}] (as FrameSeries.read returns) and redraws on the next frame. */
  LineChart.prototype.append = function (seriesList) {
    for (var i = 0; i < seriesList.length; i++) {
      var s = seriesList[i];
      var target = this.series[s.name];
      if (!target) {
        target = this.series[s.name] = { color: COLORS[this.order.length % COLORS.length], t: [], v: [] };
        this.order.push(s.name);
      }
      var n = Math.min(s.times.length, s.values.length);
      for (var j = 0; j < n; j++) {
        target.t.push(s.times[j]);
        target.v.push(typeof s.values[j] === 'number' ? s.values[j] : null);
      }
      this.received += n;
      var extra = target.t.length - this.maxPoints;
      if (extra > 0) {
        target.t.splice(0, extra);
        target.v.splice(0, extra);
      }
    }
    this.canvas.setAttribute('data-points', String(this.received));
    this._scheduleDraw();
  };

  /** Forgets every series (another stream was picked). */
  LineChart.prototype.clear = function () {
    this.series = {};
    this.order = [];
    this.received = 0;
    this.canvas.setAttribute('data-points', '0');
    this._scheduleDraw();
  };

  LineChart.prototype._scheduleDraw = function () {
    if (this.pendingDraw) return;
    this.pendingDraw = true;
    var self = this;
    var raf = global.requestAnimationFrame || function (f) { return setTimeout(f, 16); };
    raf(function () { self.pendingDraw = false; self.draw(); });
  };

  LineChart.prototype.draw = function () {
    var canvas = this.canvas;
    var ratio = global.devicePixelRatio || 1;
    var cssW = canvas.clientWidth || 600;
    var cssH = canvas.clientHeight || 240;
    if (canvas.width !== Math.round(cssW * ratio) || canvas.height !== Math.round(cssH * ratio)) {
      canvas.width = Math.round(cssW * ratio);
      canvas.height = Math.round(cssH * ratio);
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);

    var bounds = this._bounds();
    var pad = { left: 56, right: 12, top: 24, bottom: 26 };
    var w = cssW - pad.left - pad.right;
    var h = cssH - pad.top - pad.bottom;
    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeStyle = '#d0d4da';
    ctx.fillStyle = '#5a6270';
    ctx.lineWidth = 1;
    ctx.strokeRect(pad.left + 0.5, pad.top + 0.5, w, h);
    if (!bounds) {
      ctx.fillText('waiting for data…', pad.left + 10, pad.top + h / 2);
      return;
    }
    if (bounds.vmax === bounds.vmin) { bounds.vmax += 1; bounds.vmin -= 1; }
    if (bounds.tmax === bounds.tmin) { bounds.tmin -= 1000; }
    var x = function (t) { return pad.left + (t - bounds.tmin) / (bounds.tmax - bounds.tmin) * w; };
    var y = function (v) { return pad.top + h - (v - bounds.vmin) / (bounds.vmax - bounds.vmin) * h; };

    // grid and labels: 4 horizontal lines, start/end times
    ctx.textAlign = 'right';
    for (var g = 0; g <= 4; g++) {
      var gv = bounds.vmin + (bounds.vmax - bounds.vmin) * g / 4;
      var gy = Math.round(y(gv)) + 0.5;
      ctx.beginPath(); ctx.moveTo(pad.left, gy); ctx.lineTo(pad.left + w, gy); ctx.stroke();
      ctx.fillText(formatNumber(gv), pad.left - 6, gy + 4);
    }
    ctx.textAlign = 'left';
    ctx.fillText(formatTime(bounds.tmin), pad.left, cssH - 8);
    ctx.textAlign = 'right';
    ctx.fillText(formatTime(bounds.tmax), pad.left + w, cssH - 8);

    // series and legend
    var legendX = pad.left;
    ctx.textAlign = 'left';
    for (var i = 0; i < this.order.length; i++) {
      var s = this.series[this.order[i]];
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      var drawing = false;
      for (var j = 0; j < s.t.length; j++) {
        if (s.v[j] === null) { drawing = false; continue; }
        if (drawing) ctx.lineTo(x(s.t[j]), y(s.v[j]));
        else { ctx.moveTo(x(s.t[j]), y(s.v[j])); drawing = true; }
      }
      ctx.stroke();
      ctx.fillStyle = s.color;
      ctx.fillRect(legendX, 8, 10, 10);
      ctx.fillStyle = '#2b2f36';
      ctx.fillText(this.order[i], legendX + 14, 17);
      legendX += 24 + ctx.measureText(this.order[i]).width;
    }
  };

  LineChart.prototype._bounds = function () {
    var b = null;
    for (var i = 0; i < this.order.length; i++) {
      var s = this.series[this.order[i]];
      for (var j = 0; j < s.t.length; j++) {
        if (s.v[j] === null) continue;
        if (!b) b = { tmin: s.t[j], tmax: s.t[j], vmin: s.v[j], vmax: s.v[j] };
        b.tmin = Math.min(b.tmin, s.t[j]); b.tmax = Math.max(b.tmax, s.t[j]);
        b.vmin = Math.min(b.vmin, s.v[j]); b.vmax = Math.max(b.vmax, s.v[j]);
      }
    }
    return b;
  };

  function formatNumber(v) {
    var a = Math.abs(v);
    if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(2);
    return (Math.round(v * 1000) / 1000).toString();
  }

  function formatTime(ms) {
    var d = new Date(ms);
    function two(n) { return n < 10 ? '0' + n : '' + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  global.LineChart = LineChart;
})(window);
