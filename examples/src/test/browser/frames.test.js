// Unit tests of the page's frame reader (static/js/frames.js): full frames, then data-only
// frames that reuse the last schema. Run by FramesJsIT with `node --test`.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');

function load() {
  const window = {};
  vm.runInContext(fs.readFileSync(path.join(__dirname, '..', '..', 'main', 'resources', 'static', 'js', 'frames.js'), 'utf8'),
    vm.createContext({ window }));
  const frames = new window.FrameSeries();
  // arrays made inside the vm context are not of this realm: compare plain copies
  return { read: frame => JSON.parse(JSON.stringify(frames.read(frame))) };
}

const SCHEMA = {
  fields: [
    { name: 'time', type: 'time', typeInfo: { frame: 'time.Time' } },
    { name: 'usage', type: 'number', typeInfo: { frame: 'float64' }, labels: { host: 'a' } },
    { name: 'note', type: 'string', typeInfo: { frame: 'string' } },
    { name: 'idle', type: 'number', typeInfo: { frame: 'float64', nullable: true } }
  ]
};

test('a full frame gives one series per number field, named with its labels', () => {
  const series = load().read({ schema: SCHEMA, data: { values: [[1000, 2000], [0.5, 0.7], ['x', 'y'], [null, 3]] } });
  assert.deepEqual(series, [
    { name: 'usage {host=a}', times: [1000, 2000], values: [0.5, 0.7] },
    { name: 'idle', times: [1000, 2000], values: [null, 3] }
  ]);
});

test('a data-only frame reuses the schema seen before', () => {
  const frames = load();
  frames.read({ schema: SCHEMA, data: { values: [[1000], [0.5], ['x'], [1]] } });
  const series = frames.read({ data: { values: [[3000], [0.9], ['z'], [2]] } });
  assert.deepEqual(series.map(s => [s.name, s.times[0], s.values[0]]), [['usage {host=a}', 3000, 0.9], ['idle', 3000, 2]]);
});

test('a data-only frame before any schema, a frame without a time field, and junk give nothing', () => {
  assert.deepEqual(load().read({ data: { values: [[1], [2]] } }), []);
  assert.deepEqual(load().read({ schema: { fields: [{ name: 'v', type: 'number' }] }, data: { values: [[1]] } }), []);
  for (const junk of [null, 'text', 42, {}, { schema: {} }]) assert.deepEqual(load().read(junk), []);
});
