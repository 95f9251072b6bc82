// The JavaScript API of the Node build: plain objects in and out, errors as FairtouchError with
// path/pack/line/rule, UTF-16 spans that index the JavaScript string, evaluateMany, overrides,
// user packs, template linting, the next window, and panics surfacing as Errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, FairtouchError, __panicForTests, version } from '../js/node.mjs';

const MIRANDA =
  'This is Acme Recovery, a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. Reply STOP to opt out.';

/** A compliant first SMS to Chicago, Tue 2026-03-10 14:00 CDT. */
function attempt(body = MIRANDA, extra = {}) {
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
    },
    debt: { id: 'D-1', creditor: 'Acme Bank', amount: '250.00', currency: 'USD' },
    ...extra,
  };
}

const engine = new Engine();

test('version and packs', () => {
  assert.match(version, /^\d+\.\d+\.\d+/);
  const packs = engine.packs();
  assert.ok(packs.some((p) => p.id === 'us-federal' && p.embedded && p.digest.startsWith('sha256:')));
  const rules = engine.rules('us-federal');
  assert.ok(rules.some((r) => r.id === 'us.fdcpa.threat-arrest' && r.citation.includes('1692e')));
});

test('a compliant SMS is not blocked; a plain object comes back', () => {
  const v = engine.evaluate(attempt());
  assert.notEqual(v.decision, 'block', JSON.stringify(v.findings));
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(v.time_zones, ['America/Chicago']);
  assert.ok(v.jurisdictions.includes('US'));
});

test('a threat is blocked, with its span in UTF-16 offsets after emoji', () => {
  const body = `😀👍🏽 Acme Recovery: pay now or you will be arrested. ${MIRANDA}`;
  const v = engine.evaluate(attempt(body));
  assert.equal(v.decision, 'block');
  const f = v.findings.find((x) => x.rule === 'us.fdcpa.threat-arrest');
  assert.ok(f, JSON.stringify(v.findings));
  assert.equal(f.severity, 'block');
  assert.equal(f.category, 'banned_content');
  assert.equal(f.span.text, 'arrested');
  assert.equal(body.slice(f.span.start_utf16, f.span.end_utf16), 'arrested');
  // Bytes differ from UTF-16 code units once there is an emoji before the span.
  assert.equal(Buffer.from(body, 'utf8').subarray(f.span.start, f.span.end).toString('utf8'), 'arrested');
  assert.notEqual(f.span.start, f.span.start_utf16);
});

test('a JSON string and a Date are accepted as input', () => {
  const a = attempt();
  assert.deepEqual(engine.evaluate(JSON.stringify(a)), engine.evaluate(a));
  assert.deepEqual(engine.evaluate({ ...a, send_at: new Date(a.send_at) }).decision, engine.evaluate(a).decision);
  assert.equal(engine.evaluateJson(JSON.stringify(a)), JSON.stringify(engine.evaluate(a)));
});

test('bad attempts throw FairtouchError with the JSON path', () => {
  const bad = attempt();
  bad.recipient.locations[0].region = 'ZZ';
  assert.throws(() => engine.evaluate(bad), (e) => {
    assert.ok(e instanceof FairtouchError);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'FairtouchError');
    assert.equal(e.kind, 'invalid_attempt');
    assert.equal(e.path, 'recipient.locations[0].region');
    assert.match(e.message, /^recipient\.locations\[0\]\.region: unknown region "ZZ"/);
    return true;
  });
  assert.throws(() => engine.evaluate({ ...attempt(), colour: 'red' }), { name: 'FairtouchError', path: 'colour' });
  assert.throws(() => engine.evaluate({ ...attempt(), channel: 'fax' }), { path: 'channel' });
  assert.throws(() => engine.evaluate({ ...attempt(), send_at: '2026-03-10 19:00' }), { path: 'send_at' });
  assert.throws(() => engine.evaluate(null), { name: 'FairtouchError', kind: 'invalid_attempt', path: '$' });
  assert.throws(() => engine.evaluate('{not json'), { name: 'FairtouchError', kind: 'invalid_attempt' });
});

test('evaluateMany gives the same verdicts as evaluate, and names the bad index', () => {
  const list = [attempt(), attempt('Pay or you will be arrested. ' + MIRANDA), attempt(MIRANDA, { send_at: '2026-03-11T03:30:00Z' })];
  assert.deepEqual(engine.evaluateMany(list), list.map((a) => engine.evaluate(a)));
  assert.deepEqual(engine.evaluateMany([]), []);
  assert.throws(() => engine.evaluateMany([attempt(), { ...attempt(), channel: 'fax' }]), (e) => {
    assert.equal(e.kind, 'invalid_attempt');
    assert.equal(e.index, 1);
    assert.equal(e.path, 'channel');
    return true;
  });
  assert.throws(() => engine.evaluateMany('nope'), { name: 'FairtouchError' });
});

test('overrides: severity and off, reported in the verdict', () => {
  const threat = attempt('Pay or you will be arrested. ' + MIRANDA);
  const warned = new Engine({ overrides: { 'us.fdcpa.threat-arrest': 'warn' } }).evaluate(threat);
  const f = warned.findings.find((x) => x.rule === 'us.fdcpa.threat-arrest');
  assert.equal(f.severity, 'warn');
  assert.deepEqual(warned.overrides, [{ rule: 'us.fdcpa.threat-arrest', action: 'severity', from: 'block', to: 'warn' }]);
  const off = new Engine({ overrides: [['us.fdcpa.threat-arrest', 'off']] }).evaluate(threat);
  assert.ok(!off.findings.some((x) => x.rule === 'us.fdcpa.threat-arrest'));
  assert.deepEqual(off.overrides, [{ rule: 'us.fdcpa.threat-arrest', action: 'disabled', from: 'block' }]);
  assert.throws(() => new Engine({ overrides: { 'no.such.rule': 'warn' } }), { name: 'FairtouchError', kind: 'invalid_option' });
  assert.throws(() => new Engine({ overrides: { 'us.fdcpa.threat-arrest': 'loud' } }), {
    kind: 'invalid_option',
    message: /override of "us.fdcpa.threat-arrest": unknown setting "loud"/,
  });
  assert.throws(() => new Engine({ colour: 'red' }), { kind: 'invalid_option' });
});

const POLICY = `
[pack]
id = "acme-policy"
version = "1.0.0"
jurisdiction = "US"
title = "Acme house rules"
languages = ["en"]

[[rule]]
id = "acme.no-final-notice"
check = "banned_content"
binds = ["collector", "creditor", "attorney"]
citation = "Acme policy 4.2"
source = "https://example.com/policy"
severity = "warn"
explain = "We do not send 'final notices'."

[rule.params]
patterns = { en = ["final notice"] }

[[rule.fire]]
body = "Final notice: pay today."

[[rule.pass]]
body = "A friendly reminder: pay today."
`;

test('user packs, and packs without the defaults', () => {
  const e = new Engine({ packs: [{ origin: 'acme.toml', source: POLICY }] });
  assert.ok(e.packs().some((p) => p.id === 'acme-policy' && !p.embedded && p.origin === 'acme.toml'));
  const v = e.evaluate(attempt('FINAL NOTICE. ' + MIRANDA));
  const f = v.findings.find((x) => x.rule === 'acme.no-final-notice');
  assert.ok(f, JSON.stringify(v.findings));
  assert.equal(f.pack, 'acme-policy');
  assert.equal(f.span.text, 'FINAL NOTICE');
  const only = new Engine({ defaultPacks: false, packs: [POLICY] });
  assert.deepEqual(only.packs().map((p) => p.id), ['acme-policy']);
});

test('bad packs throw with pack, line and rule', () => {
  const broken = POLICY.replace('check = "banned_content"', 'check = "telepathy"');
  assert.throws(() => new Engine({ packs: [{ origin: 'acme.toml', source: broken }] }), (e) => {
    assert.equal(e.name, 'FairtouchError');
    assert.equal(e.kind, 'invalid_pack');
    assert.equal(e.pack, 'acme.toml');
    assert.equal(typeof e.line, 'number');
    assert.ok(e.message.startsWith('acme.toml'), e.message);
    return true;
  });
  assert.throws(() => new Engine({ packs: ['this is = = not toml'] }), { kind: 'invalid_pack', pack: 'packs[0]' });
  assert.throws(() => new Engine({ packs: [42] }), { kind: 'invalid_option' });
});

test('lintTemplate fills `at` from the JavaScript clock', () => {
  const template = { channel: 'sms', body: 'You will be arrested. Reply STOP to opt out.', sender: { role: 'collector' }, jurisdictions: ['US'] };
  const v = engine.lintTemplate(template);
  assert.equal(v.decision, 'block');
  assert.ok(v.findings.some((f) => f.rule === 'us.fdcpa.threat-arrest'));
  assert.deepEqual(engine.lintTemplate({ ...template, at: '2026-03-10T12:00:00Z' }), v);
  assert.throws(() => engine.lintTemplate({ ...template, jurisdiction: 'US' }), { kind: 'invalid_attempt', path: 'jurisdiction' });
});

test('nextWindow gives UTC and local times', () => {
  const late = attempt(MIRANDA, { send_at: '2026-03-11T02:30:00Z' }); // 21:30 in Chicago
  const w = engine.nextWindow(late);
  assert.equal(w.next_allowed_at, '2026-03-11T13:00:00Z');
  assert.deepEqual(w.local, [{ time_zone: 'America/Chicago', local: '2026-03-11T08:00:00-05:00' }]);
  assert.ok(w.blocking.includes('us.regf.inconvenient-time'));
  assert.equal(engine.evaluate(late).next_allowed_at, w.next_allowed_at);
});

test('a Rust panic is a FairtouchError, and the engine keeps working', () => {
  for (let i = 0; i < 3; i++) {
    assert.throws(() => __panicForTests(), (e) => {
      assert.ok(e instanceof FairtouchError);
      assert.equal(e.kind, 'panic');
      assert.match(e.message, /panic requested by the test suite/);
      assert.doesNotMatch(e.message, /^unreachable/);
      return true;
    });
  }
  assert.equal(engine.evaluate(attempt('you will be arrested ' + MIRANDA)).decision, 'block');
  const fresh = new Engine();
  assert.deepEqual(fresh.evaluate(attempt()), engine.evaluate(attempt()));
  fresh.free();
});
