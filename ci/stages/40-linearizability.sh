#!/usr/bin/env bash
# Linearizability checker: the built CLI's exit codes on a valid, an invalid and a malformed
# history, an empty file and a directory, then the benchmark (corpus in one JVM, generated
# histories, CLI process time, a 1,000,000-op history within -Xmx2g).
set -euo pipefail
cd "$(dirname "$0")/../.."
source ci/lib.sh
shared="${SHARED_DIR:-../shared}/histories/knossos"
errlog=$(mktemp)
trap 'rm -f "$errlog"' EXIT
expect() {
  local want=$1; shift
  set +e; ci/check-history "$@" >/dev/null 2>"$errlog"; local got=$?; set -e
  if [ "$got" -ne "$want" ]; then
    echo "check-history $*: exit $got, expected $want" >&2; cat "$errlog" >&2; exit 1
  fi
}
step "check-history exit codes"
expect 0 --model cas-register --init 0 "$shared/cas-register/good/memstress3-5.edn"
expect 1 --model cas-register --init 0 "$shared/cas-register/bad/cas-failure.edn"
expect 1 --model mutex "$shared/mutex/bad/etcd.edn"
bad=$(mktemp --suffix .edn); printf '[{:process 0 :type :invoke :f :read}\n {:process 0 :type :ok :f :read :value }}]\n' >"$bad"
expect 65 --model register "$bad"
grep -q "$bad:2:" "$errlog" || { echo "error does not name file and line" >&2; exit 1; }
rm -f "$bad"
expect 64 --model nope "$shared/cas-register/good/memstress3-5.edn"
empty=$(mktemp --suffix .edn)
expect 65 --model register "$empty"
grep -q "$empty: empty file" "$errlog" || { echo "no 'empty file' message for $empty" >&2; exit 1; }
rm -f "$empty"
expect 66 --model register "$shared"
grep -q "is a directory" "$errlog" || { echo "no 'is a directory' message" >&2; exit 1; }
bash ci/bench-checker
