// The JavaScript -> WebAssembly boundary fails closed: every value JSON cannot carry as is (NaN,
// ±Infinity, BigInt, symbols, functions, undefined in arrays, holes, cycles, deep nesting, Maps,
// Sets, RegExps, typed arrays, invalid Dates, class instances) is a FairtouchError with the JSON
// path of the value, in evaluate, evaluateMany (with the index), lintTemplate and nextWindow;
// JSON text must be exactly one value; lintTemplate checks its jurisdictions and, without `at`,
// applies the rules in force now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, FairtouchError } from '../js/node.mjs';

const MIRANDA =
  'This is Acme Recovery, a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. Reply STOP to opt out.';

/** A compliant SMS to Chicago, Tue 2026-03-10 14:00 CDT, with one history event. */
function attempt(body = MIRANDA) {
  return {
    channel: 'sms',
    send_at: '2026-03-10T19:00:00Z',
    body,
    sender: { name: 'Acme Recovery', role: 'collector' },
    recipient: {
      relation: 'debtor',
      address: '+13125550100',
      locations: [{ country: 'US', region: 'IL', time_zone: 'America/Chicago' }],
      consents: [{ channel: 'sms', address: '+13125550100', given_at: '2025-01-02T10:00:00Z' }],
      refused_channels: ['email'],
    },
    debt: { id: 'D-1', creditor: 'Acme Bank', amount: '250.00', currency: 'USD' },
    history: [{ channel: 'sms', direction: 'outbound', at: '2026-03-09T19:00:00Z', outcome: 'delivered' }],
  };
}

function template(body = 'Acme Recovery: you will be arrested. Reply STOP to opt out.') {
  return { channel: 'sms', body, sender: { name: 'Acme Recovery', role: 'collector' }, jurisdictions: ['US'] };
}

const engine = new Engine();

/** Asserts that `fn` throws a FairtouchError of `kind` at `path` (and `index`), whose message matches. */
function throwsAt(fn, { kind = 'invalid_attempt', path, index, message }, label) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof FairtouchError, `${label}: expected a FairtouchError, got ${e?.name}: ${e?.message}`);
    assert.equal(e.kind, kind, `${label}: ${e.message}`);
    assert.equal(e.path, path, `${label}: ${e.message}`);
    assert.ok(e.message.startsWith(`${path}: `), `${label}: the message names the path: ${e.message}`);
    if (message) assert.match(e.message, message, label);
    assert.equal(e.index, index, `${label}: index`);
    return true;
  }, label);
}

// Values JSON.stringify drops, alters or chokes on, with what the message must say.
const BAD_VALUES = [
  ['NaN', () => NaN, /got NaN, which JSON cannot represent/],
  ['Infinity', () => Infinity, /got Infinity, which JSON cannot represent/],
  ['-Infinity', () => -Infinity, /got -Infinity, which JSON cannot represent/],
  ['BigInt', () => 250n, /BigInt 250n/],
  ['symbol', () => Symbol('amount'), /got a symbol/],
  ['function', () => () => '250.00', /got a function/],
  ['Map', () => new Map([['amount', '250.00']]), /got a Map; only plain objects/],
  ['Set', () => new Set(['sms']), /got a Set; only plain objects/],
  ['RegExp', () => /arrested/, /got a RegExp; only plain objects/],
  ['Uint8Array', () => new Uint8Array([1, 2]), /got a Uint8Array; only plain objects/],
  ['Float64Array', () => new Float64Array([NaN]), /got a Float64Array; only plain objects/],
  ['invalid Date', () => new Date('not a date'), /invalid Date/],
  ['boxed string', () => new String('250.00'), /String object \(a boxed primitive\)/],
  ['class instance', () => new (class Money { constructor() { this.amount = '250.00'; } })(), /got a Money; only plain objects/],
];

/**
 * The bad inputs of one method, built from a valid value: each bad value as an object field and
 * as an array item, then undefined and a hole in an array, a cycle, and nesting past the limit.
 * `field` is [container path, container getter, key]; `list` is [array path, array getter].
 */
function badInputs(make, [objectPath, objectOf, key], [arrayPath, arrayOf]) {
  const out = [];
  for (const [name, value, message] of BAD_VALUES) {
    const a = make();
    objectOf(a)[key] = value();
    out.push({ label: `${name} in ${objectPath}.${key}`, input: a, path: `${objectPath}.${key}`, message });
    const b = make();
    const list = arrayOf(b);
    list.push(value());
    out.push({ label: `${name} in ${arrayPath}[]`, input: b, path: `${arrayPath}[${list.length - 1}]`, message });
  }
  {
    const a = make();
    const list = arrayOf(a);
    list.push(undefined);
    out.push({ label: 'undefined in an array', input: a, path: `${arrayPath}[${list.length - 1}]`, message: /got undefined in an array/ });
  }
  {
    const a = make();
    const list = arrayOf(a);
    const n = list.length;
    list[n + 1] = list[0];
    out.push({ label: 'a hole in an array', input: a, path: `${arrayPath}[${n}]`, message: /empty slot \(a hole\)/ });
  }
  {
    const a = make();
    objectOf(a)[key] = a;
    out.push({ label: 'a cycle to the root', input: a, path: `${objectPath}.${key}`, message: /circular reference: this is the same object as its ancestor at \$/ });
  }
  {
    const a = make();
    const list = arrayOf(a);
    const inner = { x: null };
    inner.x = [inner];
    list.push(inner);
    const at = `${arrayPath}[${list.length - 1}]`;
    out.push({ label: 'a cycle inside an array item', input: a, path: `${at}.x[0]`, message: new RegExp(`ancestor at ${at.replace(/[[\].]/g, '\\$&')},`) });
  }
  {
    // 70 levels under the container: past the limit of 64 (JSON.stringify writes it happily).
    const a = make();
    let deep = {};
    const root = deep;
    for (let i = 0; i < 70; i++) deep = deep.x = {};
    objectOf(a)[key] = root;
    const depthOfContainer = objectPath.split('.').length; // attempt = 0, `debt` = 1, ...
    const path = `${objectPath}.${key}${'.x'.repeat(64 - depthOfContainer - 1)}`;
    out.push({ label: 'nesting past 64', input: a, path, message: /nested deeper than 64 objects and arrays/ });
  }
  {
    // 100 000 levels: JSON.stringify throws a RangeError (stack overflow) here.
    const a = make();
    let deep = [];
    const root = deep;
    for (let i = 0; i < 100_000; i++) deep = deep[0] = [];
    objectOf(a)[key] = root;
    out.push({ label: 'nesting 100 000 deep', input: a, path: undefined, message: /nested deeper than 64/ });
  }
  return out;
}

const ATTEMPT_CASES = badInputs(attempt, ['debt', (a) => a.debt, 'amount'], ['recipient.refused_channels', (a) => a.recipient.refused_channels]);
const TEMPLATE_CASES = badInputs(template, ['sender', (t) => t.sender, 'name'], ['jurisdictions', (t) => t.jurisdictions]);

function check(cases, call, name, index) {
  for (const c of cases) {
    const expect = { path: c.path, message: c.message, index };
    if (c.path === undefined) {
      // The path of a 100 000-deep value: 64 keys down; only its start is checked.
      assert.throws(() => call(c.input), (e) => {
        assert.ok(e instanceof FairtouchError, `${name}, ${c.label}: ${e?.name}: ${e?.message}`);
        assert.equal(e.kind, 'invalid_attempt');
        assert.match(e.path, /^(debt\.amount|sender\.name)\[0\]\[0\]/);
        assert.match(e.message, c.message);
        assert.equal(e.index, index);
        return true;
      });
      continue;
    }
    throwsAt(() => call(c.input), expect, `${name}, ${c.label}`);
  }
}

test('evaluate: values JSON cannot carry are FairtouchErrors with the path', () => {
  assert.ok(ATTEMPT_CASES.length > 30);
  check(ATTEMPT_CASES, (a) => engine.evaluate(a), 'evaluate');
});

test('nextWindow: the same checks', () => {
  check(ATTEMPT_CASES, (a) => engine.nextWindow(a), 'nextWindow');
});

test('evaluateMany: the same checks, with the index of the attempt', () => {
  check(ATTEMPT_CASES, (a) => engine.evaluateMany([attempt(), attempt(), a, attempt()]), 'evaluateMany', 2);
  throwsAt(() => engine.evaluateMany([attempt(), undefined]), { path: '$', index: 1, message: /got undefined/ }, 'undefined attempt');
  throwsAt(() => engine.evaluateMany([attempt(), NaN]), { path: '$', index: 1, message: /got NaN/ }, 'NaN attempt');
  // eslint-disable-next-line no-sparse-arrays
  throwsAt(() => engine.evaluateMany([attempt(), , attempt()]), { path: '$', index: 1, message: /empty slot/ }, 'hole in the list');
  const shared = attempt();
  const list = [shared, shared];
  list.push(list);
  throwsAt(() => engine.evaluateMany(list), { path: '$', index: 2, message: /circular reference/ }, 'the list inside itself');
  // The same object twice is not a cycle.
  assert.deepEqual(engine.evaluateMany([shared, shared]), [engine.evaluate(shared), engine.evaluate(shared)]);
});

test('lintTemplate: the same checks', () => {
  check(TEMPLATE_CASES, (t) => engine.lintTemplate(t), 'lintTemplate');
});

test('engine options: the same checks, as invalid_option', () => {
  throwsAt(() => new Engine({ onlyPacks: ['us-federal', 1n] }), { kind: 'invalid_option', path: 'onlyPacks[1]', message: /BigInt/ }, 'BigInt option');
  throwsAt(() => new Engine({ defaultPacks: NaN }), { kind: 'invalid_option', path: 'defaultPacks', message: /NaN/ }, 'NaN option');
});

test('what is accepted: Dates (as ISO strings), undefined properties (as absent), null-prototype objects, shared objects', () => {
  const base = attempt();
  const verdict = engine.evaluate(base);

  const dated = attempt();
  dated.send_at = new Date(base.send_at);
  dated.history[0].at = new Date(base.history[0].at);
  dated.recipient.consents[0].given_at = new Date(base.recipient.consents[0].given_at);
  assert.deepEqual(engine.evaluate(dated), verdict);

  // An undefined property is an absent field, exactly as JSON.stringify has it.
  const absent = attempt();
  delete absent.debt.amount;
  const undef = attempt();
  undef.debt.amount = undefined;
  assert.deepEqual(engine.evaluate(undef), engine.evaluate(absent));
  // A required field left undefined is still an error, from the engine.
  assert.throws(() => engine.evaluate({ ...attempt(), channel: undefined }), { name: 'FairtouchError', kind: 'invalid_attempt' });

  const bare = Object.assign(Object.create(null), attempt());
  bare.debt = Object.assign(Object.create(null), bare.debt);
  assert.deepEqual(engine.evaluate(bare), verdict);

  // Symbol keys are not data: ignored, as by JSON.stringify.
  assert.deepEqual(engine.evaluate({ ...attempt(), [Symbol('tag')]: 'x' }), verdict);

  const t = template();
  assert.deepEqual(engine.lintTemplate({ ...t, at: new Date('2026-03-10T12:00:00Z') }), engine.lintTemplate({ ...t, at: '2026-03-10T12:00:00Z' }));
});

test('a value nested within the limit reaches the engine, which names the field', () => {
  const a = attempt();
  let deep = {};
  a.debt.extra = deep;
  for (let i = 0; i < 60; i++) deep = deep.x = {};
  throwsAt(() => engine.evaluate(a), { path: 'debt.extra', message: /unknown field/ }, 'deep but within the limit');
});

// ---------------------------------------------------------------------------------------------
// JSON text: exactly one value.

const THREAT = JSON.stringify(attempt('Pay now or you will go to jail.'));

test('JSON text with anything after the attempt is an error at $', () => {
  const valid = JSON.stringify(attempt());
  assert.notEqual(engine.evaluate(valid).decision, 'block');
  assert.equal(engine.evaluate(THREAT).decision, 'block');
  assert.doesNotThrow(() => engine.evaluate(` \n${valid}\n\t `));
  for (const tail of ['garbage', ']]]', THREAT, ` ${THREAT}`, 'null', ',']) {
    const text = valid + tail;
    const expect = { path: '$', message: /exactly one JSON value/ };
    throwsAt(() => engine.evaluateJson(text), expect, `evaluateJson(valid + ${tail.slice(0, 12)})`);
    throwsAt(() => engine.evaluate(text), expect, `evaluate(valid + ${tail.slice(0, 12)})`);
    throwsAt(() => engine.nextWindow(text), expect, `nextWindow(valid + ${tail.slice(0, 12)})`);
  }
  const t = JSON.stringify(template());
  throwsAt(() => engine.lintTemplate(t + 'garbage'), { path: '$', message: /exactly one JSON value/ }, 'lintTemplate(valid + garbage)');
  throwsAt(() => engine.lintTemplate(t + t), { path: '$', message: /exactly one JSON value/ }, 'lintTemplate(two templates)');
});

// ---------------------------------------------------------------------------------------------
// lintTemplate: jurisdictions and the clock.

test('lintTemplate rejects empty, unknown and uncovered jurisdictions', () => {
  throwsAt(() => engine.lintTemplate({ ...template(), jurisdictions: [] }), { path: 'jurisdictions', message: /at least one jurisdiction/ }, '[]');
  throwsAt(() => engine.lintTemplate({ ...template(), jurisdictions: ['XX'] }), { path: 'jurisdictions[0]', message: /unknown jurisdiction "XX"/ }, "['XX']");
  throwsAt(() => engine.lintTemplate({ ...template(), jurisdictions: ['US', 'XX'] }), { path: 'jurisdictions[1]', message: /unknown jurisdiction/ }, "['US', 'XX']");
  throwsAt(() => engine.lintTemplate({ ...template(), jurisdictions: ['JP'] }), { path: 'jurisdictions', message: /no loaded pack applies to JP/ }, "['JP']");
});

test('lintTemplate without `at` applies the rules in force now (the JavaScript clock)', () => {
  // us.regf.opt-out-notice is in force from 2021-11-30: a clock stuck at 1970 would skip it.
  const rule = engine.rules('us-federal').find((r) => r.id === 'us.regf.opt-out-notice');
  assert.equal(rule.from, '2021-11-30');
  const noOptOut = template('This is Acme Recovery, a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose.');
  const now = engine.lintTemplate(noOptOut);
  assert.ok(now.findings.some((f) => f.rule === 'us.regf.opt-out-notice'), JSON.stringify(now.findings));
  assert.equal(now.decision, 'block');
  const in2000 = engine.lintTemplate({ ...noOptOut, at: '2000-01-01T00:00:00Z' });
  assert.ok(!in2000.findings.some((f) => f.rule === 'us.regf.opt-out-notice'), JSON.stringify(in2000.findings));
  assert.deepEqual(engine.lintTemplate({ ...noOptOut, at: new Date('2000-01-01T00:00:00Z') }), in2000);
  // A template with the notice is clean of it today.
  assert.ok(!engine.lintTemplate(template(MIRANDA)).findings.some((f) => f.rule === 'us.regf.opt-out-notice'));
});
