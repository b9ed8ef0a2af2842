#!/usr/bin/env bash
# Jepsen-style runs on a real local cluster (server processes on 127.0.0.1):
#  1. 3 nodes for 60 s under kill -9 + SIGSTOP/SIGCONT + partitions: must be linearizable;
#  2. the stale-read mode under partitions: the checker must catch it as NOT linearizable.
# Histories, reports and server logs go to out/ci-jepsen/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ci/lib.sh
jar=$RAFT_JAR
if [ ! -f "$jar" ]; then
  step "building $jar"
  mvn -B -ntp -q -pl impl/tools -am package -DskipTests >/dev/null
fi
out=out/ci-jepsen
rm -rf "$out"
step "jepsen: 3 nodes, 60 s, kill + pause + partition + transfer (must be linearizable)"
# A short client deadline (default 5 s), so operations caught in a fault may end :info (unknown outcome).
java -jar "$jar" jepsen --nodes 3 --time 60s --faults kill,pause,partition,transfer --op-timeout 2s \
  --out "$out/main" --expect valid
step "jepsen: stale-read mode under partitions (must be caught: NOT linearizable)"
java -jar "$jar" jepsen --nodes 3 --time 20s --stale-reads --faults partition --quiet 2s \
  --out "$out/stale" --expect invalid
