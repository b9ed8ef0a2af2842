#!/usr/bin/env bash
# The simulated cluster (`ci/main sim`) as a check: a 5-node simulated cluster under faults for 2 virtual minutes must
# keep every safety check and agree at the end, and two runs of one seed must print the same
# trace digest (the simulation is deterministic).
set -euo pipefail
cd "$(dirname "$0")/../.."
source ci/lib.sh
jar=$RAFT_JAR
a=$(java -jar "$jar" sim --duration 2m --seed 7 --quiet)
echo "$a"
b=$(java -jar "$jar" sim --duration 2m --seed 7 --quiet)
da=$(grep '^trace digest' <<<"$a")
db=$(grep '^trace digest' <<<"$b")
if [ "$da" != "$db" ]; then
  echo "sim is not deterministic: '$da' then '$db' for seed 7" >&2
  exit 1
fi
echo "same seed, same digest: ${da#trace digest }"
