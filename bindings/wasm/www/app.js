// The fairtouch playground: builds an attempt (the interchange format of docs/interchange.md) from the form,
// evaluates it on every keystroke with the WebAssembly engine, and shows the verdict.
import init, { Engine } from '../js/web.js';

const $ = (id) => document.getElementById(id);
const MIRANDA =
  'This is Acme Recovery, a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. Reply STOP to opt out.';

const PRESETS = {
  compliant: {
    channel: 'sms', role: 'collector', sender: 'Acme Recovery', language: 'en', address: '+13125550100',
    country: 'US', region: 'IL', postal: '60601', zone: 'America/Chicago', sendAt: '2026-03-10T14:00',
    consent: true, creditor: 'Acme Bank', amount: '250.00', currency: 'USD', events: [],
    body: MIRANDA,
  },
  threat: {
    channel: 'sms', role: 'collector', sender: 'Acme Recovery', language: 'en', address: '+13125550100',
    country: 'US', region: 'IL', postal: '60601', zone: 'America/Chicago', sendAt: '2026-03-10T14:00',
    consent: true, creditor: 'Acme Bank', amount: '250.00', currency: 'USD', events: [],
    body: `${MIRANDA} Pay today or you will be arrested.`,
  },
  late: {
    channel: 'sms', role: 'collector', sender: 'Acme Recovery', language: 'en', address: '+13125550100',
    country: 'US', region: 'IL', postal: '60601', zone: 'America/Chicago', sendAt: '2026-03-10T21:30',
    consent: true, creditor: 'Acme Bank', amount: '250.00', currency: 'USD', events: ['call-yesterday'],
    body: MIRANDA,
  },
  fr: {
    channel: 'sms', role: 'collector', sender: 'Acme Recouvrement', language: 'fr', address: '+33612345678',
    country: 'FR', region: '', postal: '75011', zone: 'Europe/Paris', sendAt: '2026-03-10T10:00',
    consent: true, creditor: 'Banque Acme', amount: '250.00', currency: 'EUR', events: ['sms-2d'],
    body:
      'Bonjour, Acme Recouvrement, société de recouvrement agissant pour Banque Acme. Sauf erreur de notre part, votre facture de 250,00 € reste impayée. Merci de régulariser ou de nous contacter au 01 23 45 67 89. Répondez STOP pour ne plus recevoir de SMS.',
  },
  pe: {
    channel: 'whatsapp', role: 'collector', sender: 'Acme Cobranzas', language: 'es', address: '+51987654321',
    country: 'PE', region: '', postal: '', zone: 'America/Lima', sendAt: '2026-03-15T11:00',
    consent: true, creditor: 'Banco Acme', amount: '250.00', currency: 'PEN', events: [],
    body:
      'Hola, le escribe Acme Cobranzas en nombre de Banco Acme. Le recordamos que su deuda de S/ 250.00 se encuentra vencida. Comuníquese con nosotros para regularizar su pago. Responda BAJA para no recibir más mensajes.',
  },
};

const FIELDS = ['channel', 'role', 'sender', 'language', 'address', 'country', 'region', 'postal', 'zone', 'creditor', 'amount', 'currency'];
const userZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

// ---------------------------------------------------------------------------------------------
// Time: a local wall-clock time in an IANA zone <-> an instant, with the browser's Intl.

function zoneOffsetMs(ms, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

function localToInstant(local, timeZone) {
  const [date, time = '00:00'] = local.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let t = wall - zoneOffsetMs(wall, timeZone);
  t = wall - zoneOffsetMs(t, timeZone);
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

function formatIn(instant, timeZone) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(new Date(instant));
}

// ---------------------------------------------------------------------------------------------
// The attempt.

function historyEvents(sendAtMs, address, channel) {
  const day = 86400e3;
  const at = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const out = [];
  for (const box of document.querySelectorAll('[data-event]')) {
    if (!box.checked) continue;
    switch (box.dataset.event) {
      case 'call-yesterday':
        out.push({ channel: 'voice', direction: 'outbound', at: at(sendAtMs - day), outcome: 'no_answer', debt_id: 'D-1' });
        break;
      case 'sms-2d':
        out.push({ channel: 'sms', direction: 'outbound', at: at(sendAtMs - 2 * day), outcome: 'delivered', debt_id: 'D-1', address });
        break;
      case 'conversation-3d':
        out.push({ channel: 'voice', direction: 'outbound', at: at(sendAtMs - 3 * day), outcome: 'conversation', debt_id: 'D-1' });
        break;
      case 'calls-7':
        for (let i = 1; i <= 7; i++) {
          out.push({ channel: 'voice', direction: 'outbound', at: at(sendAtMs - i * day + 3600e3), outcome: 'no_answer', debt_id: 'D-1' });
        }
        break;
      case 'stop':
        out.push({ channel: channel === 'whatsapp' ? 'whatsapp' : 'sms', direction: 'inbound', at: at(sendAtMs - 7 * day), body: 'STOP', address });
        break;
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function buildAttempt(zoneForSendAt) {
  const v = Object.fromEntries(FIELDS.map((f) => [f, $(f).value.trim()]));
  const sendAt = localToInstant($('send-at').value || '2026-03-10T14:00', zoneForSendAt);
  const location = {};
  if (v.country) location.country = v.country;
  if (v.region && v.country) location.region = v.region;
  if (v.postal) location.postal_code = v.postal;
  if (v.zone) location.time_zone = v.zone;
  const recipient = { relation: $('relation').value };
  if (v.address) recipient.address = v.address;
  if (Object.keys(location).length) recipient.locations = [location];
  if ($('consent').checked && v.address) {
    recipient.consents = [{ channel: v.channel, address: v.address, given_at: '2025-01-02T10:00:00Z' }];
  }
  const attempt = {
    channel: v.channel,
    send_at: sendAt,
    body: $('body').value,
    sender: { role: v.role },
    recipient,
  };
  if (v.sender) attempt.sender.name = v.sender;
  if (v.language) attempt.language = v.language;
  if ($('automated').checked) attempt.automated = true;
  const debt = { id: 'D-1' };
  if (v.creditor) debt.creditor = v.creditor;
  if (v.amount) {
    debt.amount = v.amount;
    debt.currency = v.currency || 'USD';
  }
  attempt.debt = debt;
  const history = historyEvents(Date.parse(sendAt), v.address || undefined, v.channel);
  if (history.length) attempt.history = history;
  return attempt;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const RANK = { info: 0, warn: 1, block: 2 };

function renderHighlights(body, findings) {
  const spans = findings.filter((f) => f.span && (f.span.field ?? 'body') === 'body');
  const cuts = new Set([0, body.length]);
  for (const f of spans) {
    cuts.add(f.span.start_utf16);
    cuts.add(f.span.end_utf16);
  }
  const points = [...cuts].filter((x) => x >= 0 && x <= body.length).sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const text = escapeHtml(body.slice(a, b));
    const covering = spans.filter((f) => f.span.start_utf16 <= a && f.span.end_utf16 >= b);
    if (!covering.length) {
      html += text;
      continue;
    }
    const worst = covering.reduce((m, f) => (RANK[f.severity] > RANK[m] ? f.severity : m), 'info');
    const title = covering.map((f) => `${f.rule} (${f.severity}) — ${f.citation}\n${f.message}`).join('\n\n');
    html += `<mark class="${worst}" data-rules="${escapeHtml(covering.map((f) => f.rule).join(' '))}" title="${escapeHtml(title)}">${text}</mark>`;
  }
  $('highlighted').innerHTML = html || '<span class="placeholder">Type a message above.</span>';
}

function renderFindings(findings) {
  $('findings').innerHTML = findings
    .map((f) => `<li class="${f.severity}" data-rule="${escapeHtml(f.rule)}">
        <span class="sev">${f.severity}</span> <code>${escapeHtml(f.rule)}</code>
        <span class="cat">${f.category.replace('_', ' ')} · ${escapeHtml(f.pack)}</span>
        <div class="msg">${escapeHtml(f.message)}${f.span && !f.message.includes(f.span.text) ? ` — “<q>${escapeHtml(f.span.text)}</q>”` : ''}</div>
        <div class="cite">${escapeHtml(f.citation)}${f.retry_at ? ` · cured at ${escapeHtml(formatIn(f.retry_at, userZone))}` : ''}</div>
      </li>`)
    .join('') || '<li class="none">No findings.</li>';
}

function renderNext(verdict, window) {
  const el = $('next');
  if (verdict.decision !== 'block') {
    el.innerHTML = '';
    return;
  }
  if (!verdict.next_allowed_at) {
    el.innerHTML = '<strong>Next allowed send:</strong> <span id="next-none">waiting will not fix this — change the message or the contact.</span>';
    return;
  }
  const local = window.local.map((l) => `<li><span class="zone">${escapeHtml(l.time_zone)}</span> ${escapeHtml(formatIn(verdict.next_allowed_at, l.time_zone))}</li>`).join('');
  el.innerHTML = `<strong>Next allowed send:</strong>
    <ul id="next-times">${local}<li><span class="zone">you (${escapeHtml(userZone)})</span> ${escapeHtml(formatIn(verdict.next_allowed_at, userZone))}</li></ul>`;
}

// ---------------------------------------------------------------------------------------------

let engine;

function update() {
  const body = $('body').value;
  $('chars').textContent = String(body.length);
  const t0 = performance.now();
  try {
    // The send time is the recipient's wall-clock time: in the chosen zone, or else in the zone
    // the engine resolves from the region, postal code or phone number.
    let zone = $('zone').value;
    let attempt = buildAttempt(zone || userZone);
    if (!zone) {
      const first = engine.evaluate(attempt);
      zone = first.time_zones[0] ?? userZone;
      attempt = buildAttempt(zone);
    }
    const verdict = engine.evaluate(attempt);
    const took = performance.now() - t0;
    const window = verdict.decision === 'block' ? engine.nextWindow(attempt) : null;
    $('send-zone').textContent = `recipient's local time, ${zone}`;
    $('took').textContent = took < 1 ? `${Math.round(took * 1000)} µs` : `${took.toFixed(1)} ms`;
    $('error').hidden = true;
    const d = $('decision');
    d.textContent = verdict.decision;
    d.className = `decision ${verdict.decision}`;
    d.dataset.decision = verdict.decision;
    renderHighlights(body, verdict.findings);
    renderFindings(verdict.findings);
    renderNext(verdict, window);
    $('meta').textContent = `Zones: ${verdict.time_zones.join(', ') || '–'} · jurisdictions: ${verdict.jurisdictions.join(', ') || '–'} · packs: ${verdict.packs.map((p) => `${p.id} ${p.version}`).join(', ') || '–'}`;
    $('attempt-json').textContent = JSON.stringify(attempt, null, 2);
    $('verdict-json').textContent = JSON.stringify(verdict, null, 2);
  } catch (e) {
    const d = $('decision');
    d.textContent = 'invalid input';
    d.className = 'decision invalid';
    d.dataset.decision = 'error';
    $('error').hidden = false;
    $('error').textContent = e.path ? `${e.path}: ${e.message.replace(`${e.path}: `, '')}` : e.message;
    $('findings').innerHTML = '';
    $('next').innerHTML = '';
    renderHighlights(body, []);
  }
}

function applyPreset(name) {
  const p = PRESETS[name];
  for (const f of FIELDS) $(f).value = p[f] ?? '';
  $('relation').value = 'debtor';
  $('send-at').value = p.sendAt;
  $('consent').checked = p.consent;
  $('automated').checked = false;
  for (const box of document.querySelectorAll('[data-event]')) box.checked = p.events.includes(box.dataset.event);
  $('body').value = p.body;
  for (const b of document.querySelectorAll('#presets button')) b.classList.toggle('active', b.dataset.preset === name);
  update();
}

await init();
engine = new Engine();
document.querySelector('#presets').addEventListener('click', (e) => {
  const name = e.target.closest('button')?.dataset.preset;
  if (name) applyPreset(name);
});
$('form').addEventListener('input', update);
$('form').addEventListener('change', update);
$('body').addEventListener('input', update);
applyPreset('compliant');
document.body.dataset.ready = 'true';
