// A time-series chart of one live stream, drawn by uPlot (vendor/uplot): the series of
// FrameSeries.read are merged on their timestamps and only the last `maxPoints` times are kept.
// The chart's element carries data-points (points received so far) so people and the browser
// test can see it move.
(function (global) {
  'use strict';

  var COLORS = ['#3274d9', '#e0752d', '#37872d', '#b877d9', '#c4162a', '#8ab8ff', '#fade2a'];
  var HEIGHT = 220;

  /** new StreamChart(element): draws into `element` (an empty block element), sized to its width. */
  function StreamChart(element, options) {
    options = options || {};
    this.element = element;
    this.maxPoints = options.maxPoints || 300;
    this.clear();
    var self = this;
    if (global.ResizeObserver) {
      new ResizeObserver(function () { if (self.plot) self.plot.setSize(self._size()); }).observe(element);
    }
  }

  /** Forgets every series (another stream was picked). */
  StreamChart.prototype.clear = function () {
    this.names = [];     // series names, in the order they first appeared
    this.times = [];     // ascending timestamps in ms, one row per time
    this.columns = {};   // name -> values aligned with times (null where a series has no point)
    this.received = 0;
    this.element.setAttribute('data-points', '0');
    this._rebuild();
  };

  /** Appends [{name, times, values}] as FrameSeries.read returns them, then redraws. */
  StreamChart.prototype.append = function (seriesList) {
    var added = false;
    for (var i = 0; i < seriesList.length; i++) {
      var s = seriesList[i];
      if (!this.columns[s.name]) {
        this.columns[s.name] = this.times.map(function () { return null; });
        this.names.push(s.name);
        added = true;
      }
      var n = Math.min(s.times.length, s.values.length);
      for (var j = 0; j < n; j++) {
        var row = this._row(s.times[j]);
        this.columns[s.name][row] = typeof s.values[j] === 'number' ? s.values[j] : null;
      }
      this.received += n;
    }
    var extra = this.times.length - this.maxPoints;
    if (extra > 0) {
      this.times.splice(0, extra);
      for (var k = 0; k < this.names.length; k++) this.columns[this.names[k]].splice(0, extra);
    }
    this.element.setAttribute('data-points', String(this.received));
    if (added) this._rebuild();
    else if (this.plot) this.plot.setData(this._data());
  };

  /** The row of timestamp t, inserted (null in every series) when it is new. */
  StreamChart.prototype._row = function (t) {
    var at = this.times.length;
    while (at > 0 && this.times[at - 1] > t) at--;
    if (at > 0 && this.times[at - 1] === t) return at - 1;
    this.times.splice(at, 0, t);
    for (var k = 0; k < this.names.length; k++) this.columns[this.names[k]].splice(at, 0, null);
    return at;
  };

  StreamChart.prototype._data = function () {
    var self = this;
    return [this.times].concat(this.names.map(function (name) { return self.columns[name]; }));
  };

  StreamChart.prototype._size = function () {
    return { width: Math.max(200, this.element.clientWidth || 600), height: HEIGHT };
  };

  /** uPlot's series are fixed when it is built: a new series name builds the plot again. */
  StreamChart.prototype._rebuild = function () {
    if (this.plot) this.plot.destroy();
    this.plot = null;
    if (!this.names.length) {
      this.element.textContent = 'waiting for data…';
      return;
    }
    this.element.textContent = '';
    var size = this._size();
    var series = [{}].concat(this.names.map(function (name, i) {
      return { label: name, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true };
    }));
    this.plot = new uPlot({
      width: size.width,
      height: size.height,
      ms: 1, // timestamps are milliseconds, as the frames carry them
      scales: { x: { time: true } },
      series: series
    }, this._data(), this.element);
  };

  global.StreamChart = StreamChart;
})(window);
