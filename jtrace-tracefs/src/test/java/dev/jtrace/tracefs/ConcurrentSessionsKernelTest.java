package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sessions running at the same time, in one JVM and in separate JVMs, each see exactly their own
 * markers (in order) and only the context switches of their own thread.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class ConcurrentSessionsKernelTest {
    private static final int MARKERS = 40;

    @Test
    void shouldKeepFourConcurrentSessionsInOneJvmApart() throws Exception {
        int sessions = 4;
        CountDownLatch ready = new CountDownLatch(sessions);
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<ChildSession.IsolationResult>> results = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                String tag = "jvm-session-" + s;
                results.add(pool.submit(() -> {
                    int tid = TestSupport.tid();
                    try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                            .instanceName(TestSupport.testName(tag)).pids(tid).event("sched:sched_switch").start()) {
                        ready.countDown();
                        assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue(); // all four are recording now
                        return ChildSession.IsolationResult.run(session, tag, MARKERS, tid);
                    }
                }));
            }
            for (Future<ChildSession.IsolationResult> f : results) {
                ChildSession.IsolationResult r = f.get(120, TimeUnit.SECONDS);
                assertThat(r.own()).isEqualTo(MARKERS);
                assertThat(r.ordered()).isTrue();
                assertThat(r.foreign()).isZero();
                assertThat(r.switches()).isPositive();
                assertThat(r.strangers()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldKeepSessionsInTwoSeparateJvmsApart() throws Exception {
        try (ChildJvm a = ChildJvm.start("isolate", "child-a", Integer.toString(MARKERS));
                ChildJvm b = ChildJvm.start("isolate", "child-b", Integer.toString(MARKERS))) {
            String instanceA = a.awaitLine("READY ").substring(6);
            String instanceB = b.awaitLine("READY ").substring(6);
            assertThat(instanceA).isEqualTo("jtrace-" + a.pid() + "-1");
            assertThat(instanceB).isEqualTo("jtrace-" + b.pid() + "-1");
            a.send("go");
            b.send("go");
            for (ChildJvm child : List.of(a, b)) {
                ChildSession.IsolationResult r = ChildSession.IsolationResult.parse(child.awaitLine("RESULT "));
                assertThat(r.own()).isEqualTo(MARKERS);
                assertThat(r.ordered()).isTrue();
                assertThat(r.foreign()).isZero();
                assertThat(r.switches()).isPositive();
                assertThat(r.strangers()).isZero();
                assertThat(child.waitForExit()).isZero();
            }
            assertThat(TestSupport.tracefs().instanceNames()).doesNotContain(instanceA, instanceB);
        }
    }
}
