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
    qwire_ensure_class_data
    return 0
  fi
  echo "qwire: building (first run downloads dependencies; later runs take seconds)…"
  (cd "$QWIRE_ROOT" && mvn -q -B -ntp -DskipTests -pl service-impl -am install) || {
    echo "qwire: build failed; run 'mvn -pl service-impl -am install -DskipTests' to see why." >&2; exit 1; }
  qwire_ensure_class_data
}

# The JVM options the run scripts (and the benchmarks, which measure what users run) start with.
# Bounded by default (RSS 350 to 480 MB under load, see bench/results.md): a 256 MB heap at most (the receipt index at its
# cap fits), the serial collector (on two cores it competes least with the request threads), and
# capped metaspace, code cache and thread stacks. QWIRE_JAVA_OPTS replaces them all.
QWIRE_DEFAULT_JAVA_OPTS="-Xms64m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k"
# Plus, where the JVM has it (17.0.9 and later), a trim of the C heap every 5 s: memory the JIT compilers
# freed after a burst goes back to the system instead of staying with glibc (12 to 29 MB less RSS after the
# sustained benchmark, bench/results.md 2026-11-30T07:22Z). Probed once per Java and remembered.
QWIRE_NATIVE_TRIM_OPT="-XX:TrimNativeHeapInterval=5000"
qwire_default_java_opts() {
  local java_bin probe
  java_bin=$(readlink -f "$(command -v java)") || { echo "$QWIRE_DEFAULT_JAVA_OPTS"; return; }
  # Keyed by the real binary (alternatives and symlinks followed) and its time: another JDK is probed anew.
  probe="$QWIRE_ROOT/service-impl/target/.java-trim-$(echo "$java_bin $(stat -c %Y "$java_bin")" | cksum | cut -d' ' -f1)"
  if [ ! -f "$probe" ]; then
    if java $QWIRE_NATIVE_TRIM_OPT -version >/dev/null 2>&1; then echo yes; else echo no; fi > "$probe.$$" 2>/dev/null \
      && mv -f "$probe.$$" "$probe" 2>/dev/null
  fi
  if [ "$(cat "$probe" 2>/dev/null)" = yes ]; then
    echo "$QWIRE_DEFAULT_JAVA_OPTS $QWIRE_NATIVE_TRIM_OPT"
  else
    echo "$QWIRE_DEFAULT_JAVA_OPTS"
  fi
}
# The application class-data archive (AppCDS) of the built jar: a start reads the classes it needs
# from it instead of loading them one by one, which halves the time to ready.
QWIRE_CDS_ARCHIVE="$QWIRE_ROOT/service-impl/target/qwire-mock.jsa"
qwire_java_opts() {
  local opts="${QWIRE_JAVA_OPTS:-$(qwire_default_java_opts)}"
  if [ -f "$QWIRE_CDS_ARCHIVE" ] && [ "$QWIRE_CDS_ARCHIVE" -nt "$QWIRE_JAR" ]; then
    opts="$opts -XX:SharedArchiveFile=$QWIRE_CDS_ARCHIVE -Xshare:auto"
  fi
  echo "$opts"
}

# Writes the archive for the current jar: a short training start on the embedded database (about
# fifteen seconds). In the background by default, so no start waits for it (the next one uses it);
# --wait to have it now (the benchmarks, which time starts). Written under a temporary name and
# renamed when complete; without it everything runs, only starts are slower.
qwire_ensure_class_data() {
  if [ -f "$QWIRE_CDS_ARCHIVE" ] && [ "$QWIRE_CDS_ARCHIVE" -nt "$QWIRE_JAR" ]; then
    return 0
  fi
  local lock="$QWIRE_CDS_ARCHIVE.training" log="$QWIRE_ROOT/service-impl/target/class-data-training.log"
  if [ "${1:-}" = --wait ]; then
    while [ -d "$lock" ] && [ -n "$(find "$lock" -maxdepth 0 -mmin -2)" ]; do sleep 1; done # one already running
    [ -f "$QWIRE_CDS_ARCHIVE" ] && [ "$QWIRE_CDS_ARCHIVE" -nt "$QWIRE_JAR" ] && return 0
    rm -rf "$lock"
  fi
  # A lock older than two minutes is left from a training that was killed.
  if [ -d "$lock" ] && [ -z "$(find "$lock" -maxdepth 0 -mmin -2)" ]; then rm -rf "$lock"; fi
  mkdir "$lock" 2>/dev/null || return 0
  local train=(java ${QWIRE_JAVA_OPTS:-$(qwire_default_java_opts)} -XX:ArchiveClassesAtExit="$lock/archive.jsa" -jar "$QWIRE_JAR" train-class-data)
  if [ "${1:-}" = --wait ]; then
    echo "qwire: writing the class-data archive for faster starts (once per build)…"
    if "${train[@]}" > "$log" 2>&1 && [ -s "$lock/archive.jsa" ]; then mv -f "$lock/archive.jsa" "$QWIRE_CDS_ARCHIVE"; fi
    rm -rf "$lock"
  else
    ( "${train[@]}" > "$log" 2>&1 && [ -s "$lock/archive.jsa" ] && mv -f "$lock/archive.jsa" "$QWIRE_CDS_ARCHIVE"; rm -rf "$lock" ) \
      < /dev/null > /dev/null 2>&1 &
  fi
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

# qwire_apt_ensure <caller> <package> <command>...: installs Debian's <package> when a <command> is missing
# and this user may (root with apt-get); otherwise exits with a message that names the package.
qwire_apt_ensure() {
  local caller="$1" package="$2" missing=0 cmd
  shift 2
  for cmd in "$@"; do command -v "$cmd" >/dev/null || missing=1; done
  [ "$missing" = 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "$caller: installing Debian's $package package…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >/dev/null 2>&1; } \
      || { echo "$caller: apt-get install $package failed" >&2; exit 1; }
  else
    echo "$caller: $* from Debian's $package package is needed: sudo apt-get install $package" >&2
    exit 1
  fi
}
