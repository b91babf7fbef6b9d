#!/bin/sh
# Re-runs the render oracle from a dump directory, without the kernel: compiles (unless
# JTRACE_ORACLE_NO_BUILD=1), then runs dev.jtrace.traceevent.RenderOracleOffline on JDK 25.
#
# usage: jtrace-traceevent/src/test/resources/oracle/offline.sh DIR [--examples N] [--type SYSTEM:NAME] [--counts]
# Make a dump: JTRACE_ORACLE_DUMP=DIR ./mvnw -q -B verify -pl jtrace-traceevent -am \
#     -Dtest=RenderOracleKernelTest -Dsurefire.failIfNoSpecifiedTests=false
set -e
[ $# -ge 1 ] || { sed -n 2,7p "$0"; exit 2; }
dir=$(cd "$1" && pwd)
shift
root=$(cd "$(dirname "$0")/../../../../.." && pwd)
cd "$root"
. ./.mvn/select-jdk.sh
if [ -z "${JTRACE_ORACLE_NO_BUILD-}" ]; then
  ./mvnw -q -B test-compile -pl jtrace-traceevent -am
fi
exec "$JAVA_HOME/bin/java" \
  -cp jtrace-traceevent/target/test-classes:jtrace-traceevent/target/classes:jtrace-core/target/classes \
  dev.jtrace.traceevent.RenderOracleOffline "$dir" "$@"
