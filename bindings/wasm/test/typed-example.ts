// A small typed program against the shipped .d.ts; `tsc --noEmit -p test/tsconfig.json` checks it.
import init, { Engine, FairtouchError, version } from '../js/node.mjs';
import type { Attempt, Verdict, Finding, NextWindow, PackInfo, Template, EngineOptions, Span } from '../js/index.js';
import * as web from '../js/web.js';

const attempt: Attempt = {
  channel: 'sms',
  send_at: new Date('2026-03-10T19:00:00Z'),
  body: 'This is Acme Recovery, a debt collector. Reply STOP to opt out.',
  language: 'en',
  sender: { name: 'Acme Recovery', role: 'collector' },
  recipient: {
    relation: 'debtor',
    address: '+13125550100',
    locations: [{ country: 'US', region: 'IL', time_zone: 'America/Chicago' }],
    consents: [{ channel: 'sms', given_at: '2025-01-02T10:00:00Z', revoked_at: null }],
    inconvenient_times: [{ days: ['sat', 'sun'], start: '00:00', end: '24:00' }],
  },
  debt: { id: 'D-1', creditor: 'Acme Bank', amount: '250.00', currency: 'USD', due_date: '2026-01-10' },
  history: [{ channel: 'voice', direction: 'outbound', at: '2026-03-09T15:00:00Z', outcome: 'no_answer' }],
};

const options: EngineOptions = { defaultPacks: true, overrides: { 'us.regf.opt-out-notice': 'warn', 'x.y': 'off' } };

async function main(): Promise<void> {
  await init();
  const engine = new Engine(options);
  const verdict: Verdict = engine.evaluate(attempt);
  const decision: 'allow' | 'warn' | 'block' = verdict.decision;
  for (const f of verdict.findings satisfies Finding[]) {
    const span: Span | null = f.span;
    if (span) console.log(attempt.body!.slice(span.start_utf16, span.end_utf16), f.rule, f.citation);
    const retry: string | undefined = f.retry_at;
    void retry;
  }
  const many: Verdict[] = engine.evaluateMany([attempt, attempt]);
  const window: NextWindow = engine.nextWindow(attempt);
  const local: string | undefined = window.local[0]?.local;
  const packs: PackInfo[] = engine.packs();
  const template: Template = { channel: 'whatsapp', body: 'Hola {{debt.amount}}', sender: { role: 'creditor' }, jurisdictions: ['PE'] };
  const lint: Verdict = engine.lintTemplate(template);
  const json: string = engine.evaluateJson(JSON.stringify(attempt));
  try {
    engine.evaluate({ ...attempt, channel: 'sms' });
  } catch (e) {
    if (e instanceof FairtouchError) {
      const where: string | undefined = e.path ?? e.pack;
      const line: number | undefined = e.line;
      console.log(e.kind, where, line, e.rule, e.index);
    }
  }
  await web.init(new URL('https://example.invalid/fairtouch_wasm_bg.wasm'));
  const browserEngine: web.Engine = new web.Engine();
  console.log(version, decision, many.length, local, packs.length, lint.decision, json.length, browserEngine.packs().length, web.version());
  // @ts-expect-error: unknown channels are rejected by the types
  const bad: Attempt = { ...attempt, channel: 'fax' };
  void bad;
}

void main;
