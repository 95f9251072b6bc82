// TypeScript types of the fairtouch interchange format (DESIGN.md, "Interchange format") and
// of the JavaScript API. The same for js/node.mjs and js/web.js.

/** RFC 3339 instant with an offset, e.g. `"2026-03-10T14:05:00Z"`. A `Date` is accepted on input. */
export type Instant = string;
export type InstantInput = Instant | Date;
/** `"YYYY-MM-DD"` */
export type DateString = string;
/** `"HH:MM"` (or `"HH:MM:SS"`); `"24:00"` ends a day. */
export type ClockTime = string;
/** Decimal amount as a string, e.g. `"250.00"`. */
export type AmountString = string;

export type Channel = 'sms' | 'whatsapp' | 'email' | 'voice' | 'voicemail' | 'letter';
export type SenderRole = 'collector' | 'creditor' | 'attorney';
export type Relation =
  | 'debtor' | 'co_obligor' | 'guarantor' | 'spouse' | 'parent_of_minor' | 'guardian'
  | 'executor' | 'attorney' | 'third_party' | 'unknown';
export type AddressKind = 'personal' | 'work' | 'shared' | 'group';
export type LineType = 'mobile' | 'landline';
export type Purpose =
  | 'collection' | 'location_information' | 'opt_out_confirmation' | 'informational' | 'cease_acknowledgement';
export type Direction = 'outbound' | 'inbound';
export type Outcome = 'delivered' | 'failed' | 'no_answer' | 'voicemail' | 'conversation';
/** `en`, `fr`, `es`, or a tag such as `es-PE`. */
export type Language = 'en' | 'fr' | 'es' | (string & {});
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type ConsentPurpose = 'collection' | 'marketing';
export type Severity = 'info' | 'warn' | 'block';
export type Decision = 'allow' | 'warn' | 'block';
export type Category =
  | 'contact_hours' | 'frequency' | 'consent' | 'communication_bar' | 'third_party'
  | 'banned_content' | 'required_content' | 'accuracy';

export interface Sender {
  name?: string | null;
  role: SenderRole;
  license_number?: string | null;
}

export interface Location {
  /** ISO 3166-1 alpha-2 */
  country?: string | null;
  /** State or province code (`IL`, `MA`, ...) */
  region?: string | null;
  postal_code?: string | null;
  /** IANA time zone */
  time_zone?: string | null;
}

export interface InconvenientTime {
  days?: Weekday[];
  start: ClockTime;
  end: ClockTime;
}

export interface Consent {
  channel: Channel;
  address?: string | null;
  given_at?: InstantInput | null;
  revoked_at?: InstantInput | null;
  purpose?: ConsentPurpose;
}

export interface Recipient {
  relation: Relation;
  /** Phone number (E.164), email address, or postal address. */
  address?: string | null;
  address_kind?: AddressKind;
  line_type?: LineType | null;
  locations?: Location[];
  represented_by_attorney?: boolean;
  attorney_permits_contact?: boolean;
  cease_requested_at?: InstantInput | null;
  refused_channels?: Channel[];
  refused_addresses?: string[];
  inconvenient_times?: InconvenientTime[];
  consents?: Consent[];
  employer_prohibits_contact?: boolean;
  objected_at?: InstantInput | null;
}

export interface InitialLetter {
  reference: string;
  sent_on: DateString;
}

export interface Debt {
  id?: string | null;
  creditor?: string | null;
  amount?: AmountString | null;
  /** ISO 4217 */
  currency?: string | null;
  due_date?: DateString | null;
  reference?: string | null;
  time_barred?: boolean;
  disputed?: boolean;
  bankruptcy?: boolean;
  legal_action_intended?: boolean;
  judgment_obtained?: boolean;
  consumer?: boolean;
  financial_system?: boolean;
  initial_letter?: InitialLetter | null;
}

export interface HistoryEvent {
  channel: Channel;
  direction: Direction;
  at: InstantInput;
  outcome?: Outcome | null;
  debt_id?: string | null;
  debt_ids?: string[];
  address?: string | null;
  address_kind?: AddressKind | null;
  body?: string | null;
  purpose?: Purpose | null;
  consented?: boolean;
}

/** The candidate contact. Unknown fields are rejected. */
export interface Attempt {
  channel: Channel;
  send_at: InstantInput;
  body?: string | null;
  subject?: string | null;
  language?: Language | null;
  automated?: boolean;
  purpose?: Purpose;
  initial_communication?: boolean | null;
  sender: Sender;
  recipient: Recipient;
  debt?: Debt | null;
  history?: HistoryEvent[];
}

/** A message template to lint (`{{placeholders}}` stand for the attempt's fields). */
export interface Template {
  channel: Channel;
  body: string;
  subject?: string | null;
  language?: Language | null;
  sender: Sender;
  /** `["US"]`, `["US", "US-CA"]`, `["FR", "EU"]`, `["PE"]` */
  jurisdictions: string[];
  initial_communication?: boolean | null;
  purpose?: Purpose;
  /** The date whose rules apply; default: now, from the JavaScript clock. */
  at?: InstantInput | null;
}

/** Offsets into the original text: bytes (Rust, Python) and UTF-16 code units (JavaScript). */
export interface Span {
  start: number;
  end: number;
  /** `body.slice(start_utf16, end_utf16) === text` */
  start_utf16: number;
  end_utf16: number;
  text: string;
  /** `"subject"` when the span is in the email subject; absent for the body. */
  field?: 'body' | 'subject';
}

export interface Finding {
  rule: string;
  pack: string;
  category: Category;
  severity: Severity;
  citation: string;
  message: string;
  span: Span | null;
  /** When time alone would cure this finding. */
  retry_at?: Instant;
}

export interface PackRef {
  id: string;
  version: string;
  /** `sha256:...` */
  digest: string;
}

export interface OverrideRecord {
  rule: string;
  action: 'severity' | 'disabled';
  from: Severity;
  to?: Severity;
}

export interface Verdict {
  decision: Decision;
  findings: Finding[];
  /** Earliest instant at or after `send_at` at which nothing blocks; `null` when time alone will not cure it. */
  next_allowed_at: Instant | null;
  time_zones: string[];
  jurisdictions: string[];
  packs: PackRef[];
  overrides?: OverrideRecord[];
}

export interface LocalTime {
  time_zone: string;
  /** Local date-time with offset, e.g. `2026-03-11T08:00:00-05:00` */
  local: string;
}

export interface NextWindow {
  next_allowed_at: Instant | null;
  local: LocalTime[];
  /** The rules that block at `send_at`. */
  blocking: string[];
}

export interface PackInfo {
  id: string;
  version: string;
  digest: string;
  title: string;
  jurisdictions: string[];
  rules: number;
  origin: string;
  embedded: boolean;
}

export interface RuleInfo {
  id: string;
  pack: string;
  check: string;
  category: Category;
  severity: Severity;
  citation: string;
  source: string;
  explain: string;
  from: DateString | null;
  until: DateString | null;
  disabled: boolean;
}

/** A pack as TOML text, or `{ source, origin }` where `origin` names it in errors. */
export type PackInput = string | { source: string; origin?: string };

export interface EngineOptions {
  /** Packs to add (TOML). */
  packs?: PackInput[];
  /** Keep the embedded default packs (default `true`). */
  defaultPacks?: boolean;
  /** Keep only these embedded packs. */
  onlyPacks?: string[];
  /** Rule id -> new severity, or `"off"` to disable the rule. Reported in every verdict. */
  overrides?: Record<string, Severity | 'off'> | Array<[string, Severity | 'off']>;
}

export type ErrorKind = 'invalid_attempt' | 'invalid_pack' | 'invalid_option' | 'io' | 'panic';

/**
 * Every error fairtouch throws, including for a value JavaScript cannot send as JSON as is:
 * NaN, ±Infinity, a BigInt, a symbol, a function, `undefined` or a hole in an array, an invalid
 * Date, a Map/Set/RegExp/typed array/class instance, a circular reference, or nesting deeper than
 * 64 objects and arrays (kind `invalid_attempt`, or `invalid_option` in engine options, with the
 * `path` of the value). Dates are sent as ISO 8601 strings; an `undefined` property is an absent
 * field, as with JSON.stringify.
 */
export declare class FairtouchError extends Error {
  readonly name: 'FairtouchError';
  readonly kind: ErrorKind;
  /**
   * JSON path of the offending field (`recipient.locations[0].region`; `$` for the whole value,
   * e.g. trailing input after the JSON), for `invalid_attempt`; also for `invalid_option` when an
   * engine option holds a value JSON cannot carry.
   */
  readonly path?: string;
  /** The pack's origin, for `invalid_pack`. */
  readonly pack?: string;
  /** 1-based line in the pack source, when known. */
  readonly line?: number;
  /** The rule id, when the error is about one rule. */
  readonly rule?: string;
  /** Index of the offending attempt, for `evaluateMany`. */
  readonly index?: number;
}

/** The compliance engine: built once (packs compiled), then evaluates attempts. */
export declare class Engine {
  constructor(options?: EngineOptions);
  /**
   * The verdict for one attempt (plain object, or its JSON text: exactly one JSON value).
   * @throws {FairtouchError} `invalid_attempt` with `path`, for a bad field or a value JSON cannot carry
   */
  evaluate(attempt: Attempt | string): Verdict;
  /** JSON text in (exactly one JSON value; anything after it is an error at `$`), verdict JSON text out. */
  evaluateJson(attemptJson: string): string;
  /** One verdict per attempt, in order; throws on the first invalid attempt (with `index` and `path`). */
  evaluateMany(attempts: Array<Attempt>): Verdict[];
  /**
   * Banned and required content of a template for the given jurisdictions, under the rules in
   * force at `template.at`, or now (`Date.now()`) without it.
   * @throws {FairtouchError} `invalid_attempt` with `path`: a bad field, no jurisdiction
   *   (`jurisdictions`), an unknown one (`jurisdictions[i]`), or none that a loaded pack covers
   *   (`jurisdictions`)
   */
  lintTemplate(template: Template | string): Verdict;
  /** The next allowed instant, in UTC and in each candidate zone. */
  nextWindow(attempt: Attempt | string): NextWindow;
  packs(): PackInfo[];
  rules(pack?: string): RuleInfo[];
  /** Frees the WebAssembly memory now. */
  free(): void;
}

/**
 * Instantiates the WebAssembly module. Required once in the browser before `new Engine()`;
 * a no-op in Node.
 */
export declare function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;
