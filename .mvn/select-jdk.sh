# Sourced by ./mvnw before it starts Maven: runs Maven itself on a JDK 25 or later, found among the
# installed ones, so that nobody has to set JAVA_HOME.
#
# Why Maven's own JVM and not only a toolchain: maven-jar-plugin finishes a modular jar with the
# `jar` tool of the JVM running Maven (plexus-archiver, MJAR-289); a JDK 17 jar tool cannot read
# Java 25 class files. So the JDK that runs Maven also compiles, tests and packages.
#
# Order: JAVA_HOME if it is 25+, then javac on PATH, then the lowest 25+ JDK in the usual places.

jtrace_min_java=25

# Prints the major version of the JDK at $1 (from its `release` file), or nothing.
jtrace_jdk_major() {
  if [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release"
  fi
}

jtrace_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ "$(jtrace_jdk_major "$JAVA_HOME")" -ge "$jtrace_min_java" ] 2>/dev/null; then
    return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    jtrace_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if [ "$(jtrace_jdk_major "$jtrace_home")" -ge "$jtrace_min_java" ] 2>/dev/null; then
      JAVA_HOME=$jtrace_home
      export JAVA_HOME
      return 0
    fi
  fi
  jtrace_best=
  jtrace_best_major=
  case $- in *f*) jtrace_noglob=1 ;; *) jtrace_noglob= ;; esac
  set +f # mvnw disables globbing; the search needs it
  for jtrace_home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "${HOME-/nonexistent}"/.sdkman/candidates/java/* "${HOME-/nonexistent}"/.jdks/*; do
    jtrace_major=$(jtrace_jdk_major "$jtrace_home")
    if [ -n "$jtrace_major" ] && [ "$jtrace_major" -ge "$jtrace_min_java" ] \
      && { [ -z "$jtrace_best_major" ] || [ "$jtrace_major" -lt "$jtrace_best_major" ]; }; then
      jtrace_best=$jtrace_home
      jtrace_best_major=$jtrace_major
    fi
  done
  [ -z "$jtrace_noglob" ] || set -f
  if [ -z "$jtrace_best" ]; then
    echo "jtrace: no JDK $jtrace_min_java or later found (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt, SDKMAN): install one, e.g. 'apt-get install temurin-25-jdk' or 'openjdk-25-jdk', or set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME=$jtrace_best
  export JAVA_HOME
}

jtrace_select_jdk

# Maven 3.9's bundled Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
case " ${MAVEN_OPTS-} " in
  *" --sun-misc-unsafe-memory-access="*) ;;
  *) MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS-}"; export MAVEN_OPTS ;;
esac
