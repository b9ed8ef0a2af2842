#!/usr/bin/env bash
# Bounded jcstress run of every RaftNode probe with the real lock, from the shaded jar that
# `mvn install` built (the broken-lock check already ran there, in jcstress-tests' JUnit suite).
# One JVM mode (x biased locking on/off), one fork, one iteration of JCSTRESS_TIME_MS per probe.
# Prints per-probe samples and forbidden outcomes; exits non-zero on any FORBIDDEN outcome or error.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ci/lib.sh

jar=jcstress-tests/target/jcstress.jar
if [ ! -f "$jar" ]; then
  echo "$jar is missing: build it first with mvn -B -ntp install (or -pl jcstress-tests -am package)" >&2
  exit 1
fi
out=jcstress-tests/target/jcstress-ci
rm -rf "$out"
mkdir -p "$out"
step "jcstress: every probe in raft.jcstress.probes, real lock, ${JCSTRESS_TIME_MS:-200} ms per probe"
start=$(date +%s)
rc=0
(cd "$out" && java -jar ../jcstress.jar -v -t 'raft\.jcstress\.probes\.' -jvmArgs "-Draft.probe.lock=real" \
  -f 1 -sc false -iters 1 -time "${JCSTRESS_TIME_MS:-200}" -r results >console.log 2>&1) || rc=$?
summary_rc=0
java -cp "$jar" raft.jcstress.run.JcstressReport "$out/console.log" || summary_rc=$?
echo "jcstress exit code $rc; took $(( $(date +%s) - start )) s; log $out/console.log, report $out/results/index.html"
if [ "$rc" -ne 0 ] || [ "$summary_rc" -ne 0 ]; then
  grep -E 'Observed forbidden state|\[ERROR\]|Exception' "$out/console.log" | head -20 || true
  exit 1
fi
