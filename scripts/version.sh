#!/usr/bin/env bash
# One version for the three packages, from one place: `[workspace.package] version` in the root
# Cargo.toml. The Python package reads it from there at build time (pyproject.toml declares the
# version dynamic, maturin fills it in); the others repeat it, and this script keeps them in step:
#   - the `version` of the `fairtouch` and `fairtouch-rules` entries of [workspace.dependencies]
#     (crates.io needs a version on a path dependency of a published crate);
#   - bindings/wasm/package.json and its package-lock.json;
#   - CHANGELOG.md, which must have a `## [X.Y.Z]` section for it.
#
# Usage: scripts/version.sh            check that they agree (exit 1, naming each one that does not)
#        scripts/version.sh set X.Y.Z  write X.Y.Z everywhere (then add its CHANGELOG.md section)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

workspace_version() {
  # The first `version = "..."` after the [workspace.package] header.
  awk '/^\[workspace\.package\]/{w=1; next} /^\[/{w=0} w && /^version *=/{gsub(/.*= *"|".*/, ""); print; exit}' Cargo.toml
}

# The version of each place that repeats it, one "place<TAB>version" per line.
repeated_versions() {
  for dep in fairtouch fairtouch-rules; do
    printf 'Cargo.toml [workspace.dependencies] %s\t%s\n' "$dep" \
      "$(sed -n "s/^$dep = {.*version = \"\([^\"]*\)\".*/\1/p" Cargo.toml)"
  done
  python3 - <<'EOF'
import json
pkg = json.load(open("bindings/wasm/package.json"))
print(f"bindings/wasm/package.json\t{pkg['version']}")
lock = json.load(open("bindings/wasm/package-lock.json"))
print(f"bindings/wasm/package-lock.json\t{lock['version']}")
print(f"bindings/wasm/package-lock.json packages[\"\"]\t{lock['packages']['']['version']}")
EOF
}

case "${1:-check}" in
  check)
    want="$(workspace_version)"
    [ -n "$want" ] || { echo "version.sh: no version in [workspace.package] of Cargo.toml" >&2; exit 2; }
    bad=0
    while IFS=$'\t' read -r place got; do
      if [ "$got" != "$want" ]; then
        echo "version.sh: $place has version \"$got\", the workspace has \"$want\" (scripts/version.sh set $want)" >&2
        bad=1
      fi
    done < <(repeated_versions)
    # The Python package takes the workspace version; a literal one would shadow it.
    if grep -qE '^version *=' bindings/python/pyproject.toml || ! grep -qE '^dynamic *= *\[.*"version"' bindings/python/pyproject.toml; then
      echo "version.sh: bindings/python/pyproject.toml must declare dynamic = [\"version\"] and no version" >&2
      bad=1
    fi
    for manifest in rules/Cargo.toml crates/fairtouch/Cargo.toml crates/fairtouch-cli/Cargo.toml bindings/python/Cargo.toml bindings/wasm/Cargo.toml; do
      if ! grep -qx 'version.workspace = true' "$manifest"; then
        echo "version.sh: $manifest must take the workspace version (version.workspace = true)" >&2
        bad=1
      fi
    done
    if ! grep -qE "^## \[$want\]" CHANGELOG.md; then
      echo "version.sh: CHANGELOG.md has no \"## [$want]\" section" >&2
      bad=1
    fi
    [ "$bad" = 0 ] && echo "version $want: Cargo.toml, pyproject.toml (dynamic), package.json, package-lock.json and CHANGELOG.md agree"
    exit "$bad"
    ;;
  set)
    new="${2:?usage: scripts/version.sh set X.Y.Z}"
    [[ "$new" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "version.sh: $new is not X.Y.Z[-pre]" >&2; exit 2; }
    old="$(workspace_version)"
    python3 - "$old" "$new" <<'EOF'
import json, re, sys
old, new = sys.argv[1], sys.argv[2]
text = open("Cargo.toml").read()
head, sep, rest = text.partition("[workspace.package]")
rest = re.sub(r'(?m)^version = "[^"]*"', f'version = "{new}"', rest, count=1)
rest = re.sub(r'(?m)^(fairtouch(?:-rules)? = \{.*version = ")[^"]*(")', rf'\g<1>{new}\2', rest)
open("Cargo.toml", "w").write(head + sep + rest)
for path, keys in [("bindings/wasm/package.json", [[]]), ("bindings/wasm/package-lock.json", [[], ["packages", ""]])]:
    doc = json.load(open(path))
    for key in keys:
        node = doc
        for k in key:
            node = node[k]
        node["version"] = new
    open(path, "w").write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
EOF
    # Cargo.lock records the workspace crates' versions.
    cargo update --workspace --offline --quiet 2>/dev/null || cargo update --workspace --quiet
    echo "version $old -> $new; now add a \"## [$new]\" section to CHANGELOG.md and run scripts/version.sh"
    ;;
  *)
    echo "usage: scripts/version.sh [check | set X.Y.Z]" >&2
    exit 2
    ;;
esac
