#!/usr/bin/env bash
# Jepsen-style runs on a real local cluster (server processes on 127.0.0.1):
#  1. 3 nodes for 60 s under kill -9 + SIGSTOP/SIGCONT + partitions: must be linearizable;
#  2. the stale-read mode under partitions: the checker must catch it as NOT linearizable;
#  3. reads at a read index, on followers too, 25 s under kill + pause + partition: must be linearizable;
#  4. unsafe reads (a node that believes it leads answers without confirming; check-quorum off keeps a
#     cut-off leader believing it) under partitions that cut the leader off, clients sending reads to any
#     server: must be caught;
#  5. membership changes (nodes added with --join, removed, replaced) with kill + partition, 5 nodes, 25 s:
#     must be linearizable.
# The main run (1) serves reads at a read index too (the default); (3) and (4) add about 70 s, (5) about 40 s.
# Histories, reports and server logs go to out/ci-jepsen/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ci/lib.sh
ensure_jar
jar=$RAFT_JAR
out=out/ci-jepsen
rm -rf "$out"
step "jepsen: 3 nodes, 60 s, kill + pause + partition + transfer (must be linearizable)"
# A short client deadline (default 5 s), so operations caught in a fault may end :info (unknown outcome).
java -jar "$jar" jepsen --nodes 3 --time 60s --faults kill,pause,partition,transfer --op-timeout 2s \
  --out "$out/main" --expect valid
step "jepsen: stale-read mode under partitions (must be caught: NOT linearizable)"
java -jar "$jar" jepsen --nodes 3 --time 20s --stale-reads --faults partition --quiet 2s \
  --out "$out/stale" --expect invalid
step "jepsen: read-index reads with follower reads, 25 s, kill + pause + partition (must be linearizable)"
java -jar "$jar" jepsen --nodes 3 --time 25s --faults kill,pause,partition --op-timeout 2s \
  --read-mode read-index --follower-reads --out "$out/read-index" --expect valid
step "jepsen: unsafe reads on a deposed leader under partitions (must be caught: NOT linearizable)"
java -jar "$jar" jepsen --nodes 3 --time 20s --unsafe-reads --follower-reads --check-quorum off \
  --faults partition-leader --quiet 2s --seed 7 --out "$out/unsafe" --expect invalid
step "jepsen: membership changes + kill + partition, 5 nodes, 25 s (must be linearizable)"
java -jar "$jar" jepsen --nodes 5 --time 25s --faults membership,kill,partition --quiet 2s --op-timeout 2s \
  --out "$out/membership" --expect valid
