#!/usr/bin/env bash
# Trace validation of a real cluster: 3 server processes (raft.jepsen's LocalCluster, RaftConfig.server():
# pre-vote, check-quorum, the no-op, read-index reads) for 20 s under kill -9 + SIGSTOP/SIGCONT + partitions,
# every server writing its own trace (server --trace); the traces merged in causal order (each frame carries
# its sender's event id) and validated against RaftLeadership.tla with RaftTrace.tla. Then the same merged
# trace with one event's term raised by one must be refused at that event.
# A low client rate and snapshots every 20 entries keep it about 2,000 events: seconds of TLC.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ci/lib.sh
ensure_jar
jar=$RAFT_JAR
out=out/ci-real-trace
rm -rf "$out"
mkdir -p "$out"
began=$SECONDS
step "real-cluster trace: 3 servers, 20 s, kill + pause + partition, each server with --trace"
java -jar "$jar" jepsen --nodes 3 --time 20s --faults kill,pause,partition --rate 5 --concurrency 2 \
  --snapshot-every 20 --quiet 2s --fault-duration 3s --op-timeout 2s --trace --out "$out/run" --expect valid
ran=$SECONDS
step "merge the servers' traces and validate the result against RaftLeadership.tla"
ci/trace-validate "$out/merged.tla" --merge "$out/run/trace" --work "$out/tlc" | tee "$out/valid.txt"
grep -q '^trace valid' "$out/valid.txt"
validated=$SECONDS
events=$(grep -c '^\(  \|, \)\[' "$out/merged.tla")
victim=$((events / 2))
step "the same trace with event $victim's term raised by one (must be refused at that event)"
cp "$out/merged.tla" "$out/edited.tla"
set +e
ci/trace-validate "$out/edited.tla" --bump-term "$victim" --work "$out/tlc-edited" >"$out/edited.txt" 2>&1
rc=$?
set -e
head -3 "$out/edited.txt"
if [ "$rc" -ne 1 ] || ! grep -q "^trace INVALID at event $victim of $events:" "$out/edited.txt"; then
  echo "the edited trace was not refused at event $victim (exit $rc); see $out/edited.txt" >&2
  exit 1
fi
printf 'real-trace cost: cluster run %d s, merge + validate %d s (%d events), edited trace %d s; total %d s\n' \
  $((ran - began)) $((validated - ran)) "$events" $((SECONDS - validated)) $((SECONDS - began))
