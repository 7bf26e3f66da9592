# Sourced by ./build and ./capsule: finds a Java 25 JDK and Maven, or explains what to install.
# Sets JAVA_HOME and puts its bin first on PATH. Never changes anything outside this process.

astrid_java_major() {
  # Sets astrid_java_major_is to the feature version of the JDK at $1 (25 for "25.0.3"), or to nothing.
  # A variable, not output: a command substitution forks, and bin/capsule's client path pays for every
  # fork before its JVM starts (issue 14). A JDK's release file says it without a JVM start; a JDK
  # without one is asked.
  astrid_java_major_is=
  [ -x "$1/bin/java" ] || return 0
  local line
  if [ -f "$1/release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) line=${line#JAVA_VERSION=}; line=${line//\"/}; astrid_java_major_is=${line%%.*}; return 0 ;;
      esac
    done <"$1/release"
  fi
  astrid_java_major_is=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
}

astrid_select_java25() {
  local candidate
  # "PATH" stands for the java on PATH, resolved only when the others are not Java 25 (it forks four processes).
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* \
                   /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* PATH; do
    if [ "$candidate" = PATH ]; then
      candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")
    fi
    [ -n "$candidate" ] || continue
    astrid_java_major "$candidate"
    if [ "$astrid_java_major_is" = "25" ] && [ -x "$candidate/bin/javac" ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  cat >&2 <<'MSG'
error: Astrid Capsule needs a Java 25 JDK and none was found.
  Looked at $JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, /usr/lib/jvm/*-25* and the java on PATH.
  Install Eclipse Temurin 25 (Debian/Ubuntu package temurin-25-jdk from the Adoptium repository,
  or the tarball from adoptium.net) and run again, or point JAVA_HOME at a JDK 25.
MSG
  return 1
}

astrid_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "error: Maven (mvn 3.8.7 or newer) is not on PATH. Install it (Debian: apt-get install maven) and run again." >&2
    return 1
  fi
}
