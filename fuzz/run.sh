#!/usr/bin/env bash
# Builds the cargo-fuzz targets and runs each one for N seconds, one after the other; fails if
# any target crashes (panic, timeout, out-of-memory) or any committed regression input fails.
#
#   fuzz/run.sh [seconds-per-target] [target...]      # default: 20 s each, all four targets
#
# Stable Rust: `cargo fuzz build/run --sanitizer none`. The coverage instrumentation libFuzzer
# needs (-Cpasses=sancov-module, -Cllvm-args=-sanitizer-coverage-*) is available on stable; only
# the address sanitizer needs nightly (-Zsanitizer), and safe Rust does not need it. Debug
# assertions and overflow checks stay on (cargo-fuzz's default), so an overflow is a crash.
#
# Seeds are copied in at run time (nothing large is committed): the "attempt" member of every
# tests/cases/**/*.json (attempt_json; templates derived from them for template_lint) and
# rules/*.toml (pack_toml). The corpora grow in fuzz/corpus/<target>/ (git-ignored); crashes are
# written to fuzz/artifacts/<target>/ and logs to fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
root=..
secs="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(attempt_json attempt_struct pack_toml template_lint)
export PATH="$HOME/.cargo/bin:$PATH"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

cargo fuzz build --sanitizer none
host=$(rustc -vV | sed -n 's/^host: //p')
bin=target/$host/release

seed() {
    mkdir -p corpus/attempt_json corpus/attempt_struct corpus/pack_toml corpus/template_lint logs
    cp -n "$root"/rules/*.toml corpus/pack_toml/ 2>/dev/null || true
    [ -z "$(ls -A corpus/attempt_json)" ] || return 0
    # One jq (or python3) run for all the cases: a process per file costs half a minute.
    local name attempt template
    find "$root/tests/cases" -name '*.json' | sort | seed_lines |
        while IFS=$'\t' read -r name attempt template; do
            printf '%s\n' "$attempt" >"corpus/attempt_json/$name"
            printf '%s\n' "$template" >"corpus/template_lint/$name"
        done
}

# Reads case file names; writes "name TAB attempt-json TAB template-json" lines, where the
# template is derived from the attempt (channel, body, subject, sender, jurisdictions).
seed_lines() {
    if command -v jq >/dev/null; then
        xargs jq -r '
            (input_filename | sub(".*/tests/cases/"; "") | gsub("/"; "_")) as $name
            | .attempt as $a
            | ($a | {channel, body: (.body // "Pay {{debt.amount}} now."), sender}
                + (if .subject then {subject} else {} end)
                + {jurisdictions: ([.recipient.locations[]? | .country,
                      (if .country == "US" and (.region // "" | test("^(CA|FL|MA|TX|WA)$")) then "US-" + .region else empty end),
                      (if .country == "FR" then "EU" else empty end)] | unique
                      | if length == 0 then ["US"] else . end)}) as $t
            | "\($name)\t\($a | tojson)\t\($t | tojson)"'
    else
        python3 -c '
import json, re, sys
for path in sys.stdin.read().split():
    a = json.load(open(path, encoding="utf-8"))["attempt"]
    t = {"channel": a["channel"], "body": a.get("body", "Pay {{debt.amount}} now."), "sender": a["sender"]}
    if "subject" in a:
        t["subject"] = a["subject"]
    js = set()
    for loc in a["recipient"].get("locations", []):
        c = loc.get("country")
        if c:
            js.add(c)
            if c == "US" and re.fullmatch("CA|FL|MA|TX|WA", loc.get("region", "")):
                js.add("US-" + loc["region"])
            if c == "FR":
                js.add("EU")
    t["jurisdictions"] = sorted(js) or ["US"]
    name = re.sub(".*/tests/cases/", "", path).replace("/", "_")
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    print(name, dump(a), dump(t), sep="\t")
'
    fi
}
seed

failed=()
for t in "${targets[@]}"; do
    # Committed regression inputs run once each first.
    if [ -d "regressions/$t" ] && [ -n "$(ls -A "regressions/$t")" ]; then
        echo "==> $t: replaying regressions/$t"
        "$bin/$t" -runs=1 "regressions/$t"/* >"logs/$t.regressions.log" 2>&1 \
            || { tail -40 "logs/$t.regressions.log"; failed+=("$t (regression)"); }
    fi
    opts=()
    [ -f "dict/$t.dict" ] && opts+=(-dict="dict/$t.dict")
    # The structure-aware target reads its choices from the bytes: let inputs grow quickly.
    [ "$t" = attempt_struct ] && opts+=(-max_len=8192 -len_control=10)
    echo "==> $t: fuzzing for ${secs}s"
    if cargo fuzz run --sanitizer none "$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "${opts[@]}" \
        >"logs/$t.log" 2>&1; then
        grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' "logs/$t.log" | sed "s/^/    /" || true
    else
        tail -60 "logs/$t.log"
        failed+=("$t")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
    exit 1
fi
echo "fuzz: ${targets[*]}: no crash in ${secs}s each"
