package dev.jtrace.tracefs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The processes this test run consists of: this JVM and the child JVMs it started. */
final class SuiteLedger {
    private static final Set<Long> CHILDREN = ConcurrentHashMap.newKeySet();

    private SuiteLedger() {
    }

    static void childStarted(long pid) {
        CHILDREN.add(pid);
    }

    /** This JVM's pid and every child's. */
    static Set<Long> pids() {
        Set<Long> all = ConcurrentHashMap.newKeySet();
        all.add(ProcessHandle.current().pid());
        all.addAll(CHILDREN);
        return all;
    }
}
