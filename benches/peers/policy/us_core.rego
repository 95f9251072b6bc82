# Six core US federal checks of fairtouch's us-federal pack, written in Rego for the peers
# benchmark (benches/peers/README.md). Input: a fairtouch attempt (the JSON of
# benches/fixtures/sms_attempt.json). Output: data.fairtouch.us_core.verdict =
# {"decision": "allow" | "warn" | "block", "rules": [fairtouch rule ids that fired, sorted]}.
#
# Deliberately plain: texts are lower-cased and searched for substrings (no Unicode
# normalisation, no spacing or disguise reading, no negation or sentence scope), locations must
# carry a `time_zone` (no region or area-code lookup), addresses are compared as given. It does
# less work than fairtouch, which runs every rule of every applicable pack.
package fairtouch.us_core

ns_per_day := 86400000000000

send_ns := time.parse_rfc3339_ns(input.send_at)

role := object.get(input, ["sender", "role"], "collector")

fdcpa_binds if role in {"collector", "attorney"}

tcpa_binds if role in {"collector", "creditor", "attorney"}

purpose := object.get(input, "purpose", "collection")

relation := object.get(input, ["recipient", "relation"], "debtor")

debt_id := object.get(input, ["debt", "id"], null)

zones := {loc.time_zone | some loc in object.get(input, ["recipient", "locations"], []); loc.time_zone}

history := object.get(input, "history", [])

# Event i, with its instant in ns, at or before the attempt.
past[i] := ns if {
	some i, e in history
	ns := time.parse_rfc3339_ns(e.at)
	ns <= send_ns
}

# The past events about the attempt's debt (fairtouch's Event::concerns): all of them when the
# attempt names no debt, else those that name no debt or name this one.
about_debt contains i if {
	some i, _ in past
	debt_id == null
}

about_debt contains i if {
	some i, _ in past
	debt_id != null
	e := history[i]
	not e.debt_id
	count(object.get(e, "debt_ids", [])) == 0
}

about_debt contains i if {
	some i, _ in past
	history[i].debt_id == debt_id
}

about_debt contains i if {
	some i, _ in past
	debt_id in object.get(history[i], "debt_ids", [])
}

text := lower(concat("\n", [object.get(input, "subject", ""), object.get(input, "body", "")]))

# ---------------------------------------------------------------------------------------------
# 1. us.regf.inconvenient-time: 08:00 <= local time < 21:00 in every candidate zone.
fired contains "us.regf.inconvenient-time" if {
	fdcpa_binds
	input.channel in {"sms", "whatsapp", "email", "voice", "voicemail"}
	some tz in zones
	[h, m, _] := time.clock([send_ns, tz])
	not in_window((h * 60) + m)
}

in_window(minute) if {
	minute >= 480
	minute < 1260
}

# ---------------------------------------------------------------------------------------------
# 2. Frequency, per debt, on the recipient's local calendar days (today and the 6 before):
#    us.regf.call-frequency (block): at most 7 calls in 7 days;
#    us.regf.electronic-frequency (warn): at most 7 texts and emails in 7 days, not counting
#    replies to the person's messages, and not at all when this message answers one.
call_channels := {"voice", "voicemail"}

electronic_channels := {"sms", "whatsapp", "email"}

# The first local calendar date of the 7-day period ending today ([y, m, d], compared as arrays):
# today's date six days back, in civil (UTC) arithmetic.
first_day(today) := time.date(midnight - (6 * ns_per_day)) if {
	midnight := time.parse_rfc3339_ns(sprintf("%d-%s-%sT00:00:00Z", [today[0], pad2(today[1]), pad2(today[2])]))
}

pad2(x) := sprintf("0%d", [x]) if x < 10

pad2(x) := sprintf("%d", [x]) if x >= 10

# History in time order, as [ns, index] pairs.
chronological := sort([[ns, i] | some i, e in history; ns := time.parse_rfc3339_ns(e.at)])

# Event i directly follows an inbound event on its own channel.
is_response[i] if {
	some k, pair in chronological
	k > 0
	i := pair[1]
	prev := history[chronological[k - 1][1]]
	prev.direction == "inbound"
	prev.channel == history[i].channel
}

# The latest event at or before the attempt is inbound on the attempt's channel.
responds_to_inbound if {
	latest := max({ns | some _, ns in past})
	some i, ns in past
	ns == latest
	history[i].direction == "inbound"
	history[i].channel == input.channel
}

# Outbound events about the debt that were not failures, on the given channels.
sent_on(channels) := {i |
	some i in about_debt
	e := history[i]
	e.direction == "outbound"
	e.channel in channels
	object.get(e, "outcome", "") != "failed"
}

over_cap(counts_i) if {
	some tz in zones
	today := time.date([send_ns, tz])
	first := first_day(today)
	n := count([i | some i in counts_i; d := time.date([past[i], tz]); d >= first; d <= today])
	n + 1 > 7
}

fired contains "us.regf.call-frequency" if {
	fdcpa_binds
	input.channel in call_channels
	calls := {i | some i in sent_on(call_channels); not object.get(history[i], "consented", false)}
	over_cap(calls)
}

fired contains "us.regf.electronic-frequency" if {
	fdcpa_binds
	input.channel in electronic_channels
	not responds_to_inbound
	sent := {i | some i in sent_on(electronic_channels); not is_response[i]}
	over_cap(sent)
}

# ---------------------------------------------------------------------------------------------
# 3. TCPA consent for automated texts and calls:
#    us.tcpa.prior-express-consent: a collection consent for this channel (and address) given at
#    or before the attempt and not revoked;
#    us.tcpa.revocation: no reply from the person reading as a revocation (a STOP keyword as the
#    whole reply, or a stop phrase in it), unless a consent was given after it.
consent_channels := {"sms", "voice", "voicemail"}

recipient_address := object.get(input, ["recipient", "address"], null)

same_address(x) if x == null

same_address(x) if x == recipient_address

channel_matches(c) if c == input.channel

channel_matches(c) if {
	c == "voice"
	input.channel == "voicemail"
}

valid_consent if {
	some c in object.get(input, ["recipient", "consents"], [])
	object.get(c, "purpose", "collection") == "collection"
	channel_matches(c.channel)
	same_address(object.get(c, "address", null))
	not_after_send(object.get(c, "given_at", null))
	not_revoked(object.get(c, "revoked_at", null))
}

not_after_send(t) if t == null

not_after_send(t) if {
	t != null
	time.parse_rfc3339_ns(t) <= send_ns
}

not_revoked(t) if t == null

not_revoked(t) if {
	t != null
	time.parse_rfc3339_ns(t) > send_ns
}

fired contains "us.tcpa.prior-express-consent" if {
	tcpa_binds
	input.automated == true
	input.channel in consent_channels
	purpose in {"collection", "informational", "location_information", "cease_acknowledgement"}
	not valid_consent
}

stop_keywords := {"stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit", "revoke", "opt out", "optout"}

stop_phrases := {
	"stop texting", "stop calling", "stop contacting", "stop messaging", "stop sending",
	"don't text", "don't call", "don't contact", "do not text", "do not call", "do not contact",
	"no more texts", "no more calls", "remove me", "take me off", "opt me out", "unsubscribe me",
}

revokes(body) if trim(lower(body), " .!\t\n") in stop_keywords

revokes(body) if {
	some p in stop_phrases
	contains(lower(body), p)
}

revoked_at contains ns if {
	some i, ns in past
	e := history[i]
	e.direction == "inbound"
	e.channel in {"sms", "whatsapp", "voice", "voicemail"}
	same_address(object.get(e, "address", null))
	revokes(e.body)
}

renewed_after(t) if {
	some c in object.get(input, ["recipient", "consents"], [])
	c.given_at
	g := time.parse_rfc3339_ns(c.given_at)
	g > t
	not_revoked(object.get(c, "revoked_at", null))
}

fired contains "us.tcpa.revocation" if {
	tcpa_binds
	input.automated == true
	input.channel in consent_channels
	latest := max(revoked_at)
	not renewed_after(latest)
}

# ---------------------------------------------------------------------------------------------
# 4. us.fdcpa.cease-communication: a written request to cease at or before the attempt.
fired contains "us.fdcpa.cease-communication" if {
	fdcpa_binds
	purpose in {"collection", "location_information", "opt_out_confirmation", "informational"}
	time.parse_rfc3339_ns(input.recipient.cease_requested_at) <= send_ns
}

# ---------------------------------------------------------------------------------------------
# 5. us.fdcpa.threat-arrest: no threat of arrest or jail (a small list of substrings).
arrest_phrases := {
	"arrest", "jail", "prison", "incarcerat", "handcuff", "behind bars", "locked up", "bench warrant",
	"warrant for your", "police will", "sheriff will", "turn yourself in", "be detained",
}

fired contains "us.fdcpa.threat-arrest" if {
	fdcpa_binds
	some p in arrest_phrases
	contains(text, p)
}

# ---------------------------------------------------------------------------------------------
# 6. Mini-Miranda (15 USC 1692e(11)): the initial communication says "attempt to collect a debt"
#    and "information obtained will be used for that purpose" (us.fdcpa.mini-miranda-initial);
#    a later one says it is from a debt collector (us.fdcpa.mini-miranda-subsequent). A
#    voicemail that does not mention a debt is exempt.
miranda_relations := {"debtor", "co_obligor", "guarantor", "spouse", "parent_of_minor", "guardian", "executor"}

miranda_applies if {
	fdcpa_binds
	relation in miranda_relations
	purpose in {"collection", "informational", "cease_acknowledgement"}
	voicemail_rule
}

voicemail_rule if input.channel != "voicemail"

voicemail_rule if contains(text, "debt")

earlier_contact if {
	some i in about_debt
	contact(history[i])
}

contact(e) if {
	e.direction == "outbound"
	not object.get(e, "outcome", "") in {"failed", "no_answer"}
}

contact(e) if {
	e.direction == "inbound"
	e.outcome == "conversation"
}

initial := input.initial_communication

initial := true if {
	not "initial_communication" in object.keys(input)
	not earlier_contact
}

initial := false if {
	not "initial_communication" in object.keys(input)
	earlier_contact
}

fired contains "us.fdcpa.mini-miranda-initial" if {
	miranda_applies
	initial == true
	not initial_disclosure
}

initial_disclosure if {
	contains(text, "attempt to collect a debt")
	contains(text, "information obtained will be used for that purpose")
}

fired contains "us.fdcpa.mini-miranda-subsequent" if {
	miranda_applies
	initial == false
	not contains(text, "debt collector")
	not contains(text, "attempt to collect a debt")
}

# ---------------------------------------------------------------------------------------------
warn_rules := {"us.regf.electronic-frequency"}

decision := "block" if {
	some r in fired
	not r in warn_rules
} else := "warn" if {
	count(fired) > 0
} else := "allow"

verdict := {"decision": decision, "rules": sort(fired)}

