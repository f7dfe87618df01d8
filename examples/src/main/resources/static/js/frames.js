// Reads data frames as the live streams send them: {"schema":{"fields":[...]},"data":{"values":[[..],[..]]}}
// in full first, then {"data":{...}} only, which reuses the last schema seen on the channel.
(function (global) {
  'use strict';

  /** Turns a stream's frames into time series: one series per number field, x = the time field. */
  function FrameSeries() {
    this.fields = null; // the last schema's fields
  }

  /**
   * Returns [{name, times:[ms], values:[number|null]}] for one frame, or [] when the frame has
   * no time field, no number field, or arrives data-only before any schema.
   */
  FrameSeries.prototype.read = function (frame) {
    if (!frame || typeof frame !== 'object') return [];
    if (frame.schema && Array.isArray(frame.schema.fields)) this.fields = frame.schema.fields;
    if (!this.fields || !frame.data || !Array.isArray(frame.data.values)) return [];
    var values = frame.data.values;
    var timeIndex = -1;
    for (var i = 0; i < this.fields.length; i++) {
      if (this.fields[i].type === 'time') { timeIndex = i; break; }
    }
    if (timeIndex < 0 || !Array.isArray(values[timeIndex])) return [];
    var labels = labelsOf(this.fields);
    var out = [];
    for (var f = 0; f < this.fields.length; f++) {
      if (this.fields[f].type !== 'number' || !Array.isArray(values[f])) continue;
      var name = this.fields[f].name + (labels[f] ? ' ' + labels[f] : '');
      out.push({ name: name, times: values[timeIndex], values: values[f] });
    }
    return out;
  };

  function labelsOf(fields) {
    return fields.map(function (f) {
      if (!f.labels) return '';
      var parts = [];
      for (var k in f.labels) parts.push(k + '=' + f.labels[k]);
      return parts.length ? '{' + parts.join(', ') + '}' : '';
    });
  }

  global.FrameSeries = FrameSeries;
})(window);
