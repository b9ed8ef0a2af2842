#!/usr/bin/env bash
# Linearizability checker: the built CLI's exit codes on a valid, an invalid and a malformed
# history, then the benchmark (corpus in one JVM, generated histories, CLI process time).
set -euo pipefail
cd "$(dirname "$0")/../.."
source ci/lib.sh
shared="${SHARED_DIR:-../shared}/histories/knossos"
expect() {
  local want=$1; shift
  set +e; ci/check-history "$@" >/dev/null 2>/tmp/check-history.err; local got=$?; set -e
  if [ "$got" -ne "$want" ]; then
    echo "check-history $*: exit $got, expected $want" >&2; cat /tmp/check-history.err >&2; exit 1
  fi
}
step "check-history exit codes"
expect 0 --model cas-register --init 0 "$shared/cas-register/good/memstress3-5.edn"
expect 1 --model cas-register --init 0 "$shared/cas-register/bad/cas-failure.edn"
expect 1 --model mutex "$shared/mutex/bad/etcd.edn"
bad=$(mktemp --suffix .edn); printf '[{:process 0 :type :invoke :f :read}\n {:process 0 :type :ok :f :read :value }}]\n' >"$bad"
expect 65 --model register "$bad"
grep -q "$bad:2:" /tmp/check-history.err || { echo "error does not name file and line" >&2; exit 1; }
rm -f "$bad"
expect 64 --model nope "$shared/cas-register/good/memstress3-5.edn"
bash ci/bench-checker
