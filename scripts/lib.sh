# Shared by the scripts in this folder: repository root, .env, Java check, and an up-to-date build.
# shellcheck shell=bash
QWIRE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QWIRE_JAR="$QWIRE_ROOT/service-impl/target/qwire-mock.jar"

# .env (if present) sets defaults; variables already in the environment win.
qwire_load_env() {
  local file="$QWIRE_ROOT/.env" line name
  [ -f "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    name="${line%%=*}"
    if [ -z "${!name+x}" ]; then export "$line"; fi
  done < "$file"
}

qwire_require_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "qwire: Java 17 or newer is required (java not found on PATH)." >&2; exit 1
  fi
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${major%%.*}" -lt 17 ] 2>/dev/null; then
    echo "qwire: Java 17 or newer is required (found $major)." >&2; exit 1
  fi
}

# Builds the runnable jar when it is missing or older than any source, spec or pom.
qwire_ensure_built() {
  if [ -f "$QWIRE_JAR" ] && [ -z "$(find "$QWIRE_ROOT/openapi" "$QWIRE_ROOT/service-impl/src/main" "$QWIRE_ROOT/pom.xml" \
        "$QWIRE_ROOT/service-impl/pom.xml" "$QWIRE_ROOT/generated" -path '*/target' -prune -o -newer "$QWIRE_JAR" -type f -print -quit)" ]; then
    return 0
  fi
  echo "qwire: building (first run downloads dependencies; later runs take seconds)…"
  (cd "$QWIRE_ROOT" && mvn -q -B -ntp -DskipTests -pl service-impl -am install) || {
    echo "qwire: build failed; run 'mvn -pl service-impl -am install -DskipTests' to see why." >&2; exit 1; }
}

# The JVM options the run scripts (and the benchmarks, which measure what users run) start with.
qwire_java_opts() {
  echo "${QWIRE_JAVA_OPTS:-}"
}

qwire_start() {
  local mode="$1"
  qwire_load_env
  qwire_require_java
  qwire_ensure_built
  cd "$QWIRE_ROOT"
  # exec: the JVM receives SIGTERM/SIGINT itself and shuts down gracefully.
  exec java $(qwire_java_opts) -jar "$QWIRE_JAR" "$mode"
}
