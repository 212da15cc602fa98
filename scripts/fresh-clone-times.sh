#!/usr/bin/env bash
# scripts/fresh-clone-times.sh REV [REV ...] [--rounds N]: `npm test` on a fresh clone of each revision, as CI runs
# it (clone, `npm ci`, `npm test`), the revisions taking turns for N rounds (1 unless told), so that a change in the
# machine's speed falls on all of them alike. One line per run: the revision, the round, the wall and CPU seconds
# of `npm test`, and the part times it printed. Figures only: nothing here passes or fails on time.
set -euo pipefail

usage="usage: scripts/fresh-clone-times.sh REV [REV ...] [--rounds N]; REV: a commit of this repository"
revs=()
rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds)
      if [ $# -lt 2 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then
        echo "fresh-clone-times: --rounds needs a whole number from 1; $usage" >&2
        exit 2
      fi
      rounds="$2"
      shift 2
      ;;
    -*)
      echo "fresh-clone-times: unknown flag $1; $usage" >&2
      exit 2
      ;;
    *)
      revs+=("$1")
      shift
      ;;
  esac
done
if [ ${#revs[@]} -eq 0 ]; then
  echo "fresh-clone-times: no revision given; $usage" >&2
  exit 2
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
for rev in "${revs[@]}"; do
  if ! git -C "$repo" rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
    echo "fresh-clone-times: $rev is not a commit of $repo; $usage" >&2
    exit 2
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/fresh-clone-times-XXXXXX")"
trap 'rm -rf "$work"' EXIT
for round in $(seq 1 "$rounds"); do
  for rev in "${revs[@]}"; do
    clone="$work/clone"
    git clone --quiet "$repo" "$clone"
    git -C "$clone" checkout --quiet "$rev"
    if ! (cd "$clone" && npm ci --no-audit --no-fund >"$work/log" 2>&1); then
      echo "$rev round $round: npm ci failed; its last lines:" >&2
      tail -5 "$work/log" >&2
      rm -rf "$clone"
      continue
    fi
    status=0
    (cd "$clone" && /usr/bin/time -o "$work/time" -f "%e s wall, %U s user, %S s sys" npm test >"$work/log" 2>&1) ||
      status=$?
    parts="$({ grep -E '^  (typecheck|lint|format|jest) ' "$work/log" || true; } | tr -s ' ' | tr '\n' ' ')"
    summary="$({ grep -E '^tests: ' "$work/log" || true; } | tail -1)"
    [ "$status" -eq 0 ] || summary="${summary:-no tests line}, npm test exited $status"
    echo "$rev round $round: npm test $(cat "$work/time") |${parts}| ${summary}"
    rm -rf "$clone"
  done
done
