# Shared helpers for the ci/ scripts. Sourced, not run.
# The runnable jar (raft-tools, shaded, classifier "all"): every tool and the server.
RAFT_JAR=impl/tools/target/raft-tools-all.jar

step() { printf '\n=== [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Builds $RAFT_JAR when it is missing (CI's install has built it; a stage run alone may not have).
ensure_jar() {
  if [ ! -f "$RAFT_JAR" ]; then
    step "building $RAFT_JAR"
    mvn -B -ntp -q -pl impl/tools -am package -DskipTests >/dev/null
  fi
}

# Installs what the build (and, with --browser, the tests) need when missing.
# Idempotent; needs root or sudo for apt.
ensure_tools() {
  local missing=()
  command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  if [ "${1:-}" = --browser ]; then
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
