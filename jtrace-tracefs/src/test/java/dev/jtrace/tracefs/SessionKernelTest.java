package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sessions on the real kernel: filters hold for every streamed event, both reading styles, life cycle. */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class SessionKernelTest {

    @Test
    void shouldStreamOnlySchedSwitchEventsThatPassTheFilter() throws Exception {
        int tid = TestSupport.tid();
        String name = TestSupport.testName("filter");
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs()).instanceName(name)
                .event("sched:sched_switch", "prev_pid == " + tid + " && prev_state != 0")
                .start()) {
            for (int i = 0; i < 20; i++) {
                Thread.sleep(2); // each sleep switches this thread out in a sleeping state
            }
            session.stop();
            EventFormat sw = session.formats().find("sched", "sched_switch");
            assertThat(session.instance().events().filter("sched:sched_switch"))
                    .isEqualTo("prev_pid == " + tid + " && prev_state != 0");
            List<Long> prevPids = new ArrayList<>();
            List<Long> states = new ArrayList<>();
            long last = Long.MIN_VALUE;
            for (EventRecord r : session) {
                assertThat(r.id()).isEqualTo(sw.id());
                assertThat(r.timestamp()).isGreaterThanOrEqualTo(last);
                last = r.timestamp();
                prevPids.add(TestSupport.number(sw, r, "prev_pid"));
                states.add(TestSupport.number(sw, r, "prev_state"));
            }
            assertThat(prevPids).hasSizeGreaterThanOrEqualTo(20).containsOnly((long) tid);
            assertThat(states).doesNotContain(0L);
        }
        assertThat(TestSupport.tracefs().hasInstance(name)).isFalse();
    }

    @Test
    void shouldDeliverMarkersThroughCallbackAndNextInWriteOrder() {
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                .instanceName(TestSupport.testName("styles")).start()) {
            assertThat(session.instance().name()).startsWith("jtrace-test-" + ProcessHandle.current().pid());
            EventFormat print = session.formats().find("ftrace", "print");
            for (int i = 0; i < 50; i++) {
                session.marker().write("m" + i);
            }
            EventRecord first = session.next(Duration.ofSeconds(5));
            assertThat(first).isNotNull();
            assertThat(TestSupport.markerText(print, first)).isEqualTo("m0");
            List<String> rest = new ArrayList<>();
            long n = session.drain(r -> rest.add(TestSupport.markerText(print, r)));
            assertThat(n).isEqualTo(49);
            for (int i = 1; i < 50; i++) {
                assertThat(rest.get(i - 1)).isEqualTo("m" + i);
            }
            assertThat(session.poll()).isNull();
            assertThat(session.next(Duration.ofMillis(50))).isNull();

            session.marker().write("last");
            List<String> consumed = new ArrayList<>();
            session.consume(r -> {
                consumed.add(TestSupport.markerText(print, r));
                session.stop();
            });
            assertThat(consumed).containsExactly("last");
            assertThat(session.isRunning()).isFalse();
            assertThat(session.lostEvents()).isZero();
        }
    }

    /**
     * The reusable-record contract: every reading style hands out one {@link EventRecord} view, the
     * session's own, and a read moves it on. What a caller holds from {@code next()} shows the next
     * record as soon as {@code hasNext()} (or {@code next()}, {@code poll()}, ...) has read it, so
     * values must be read, or copied, before the next call.
     */
    @Test
    void shouldHandOutOneReusedViewThatShowsTheNextRecordAfterTheNextRead() {
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                .instanceName(TestSupport.testName("reuse")).start()) {
            EventFormat print = session.formats().find("ftrace", "print");
            for (int i = 0; i < 6; i++) {
                session.marker().write("r" + i);
            }
            session.stop();
            Iterator<EventRecord> it = session.iterator();
            EventRecord view = it.next();
            assertThat(TestSupport.markerText(print, view)).isEqualTo("r0");
            long r0Timestamp = view.timestamp();
            assertThat(it.hasNext()).isTrue();
            // hasNext() has read r1 already: the view handed out for r0 shows r1 now.
            assertThat(TestSupport.markerText(print, view)).isEqualTo("r1");
            assertThat(view.timestamp()).isGreaterThanOrEqualTo(r0Timestamp);
            EventRecord second = it.next();
            assertThat(second).isSameAs(view);
            assertThat(TestSupport.markerText(print, view)).isEqualTo("r1");
            long r1Timestamp = view.timestamp();
            assertThat(it.next()).isSameAs(view); // next() without hasNext() reads on as well
            assertThat(TestSupport.markerText(print, view)).isEqualTo("r2");
            assertThat(view.timestamp()).isGreaterThanOrEqualTo(r1Timestamp);
            // The other styles hand out the same view.
            assertThat(session.poll()).isSameAs(view);
            assertThat(TestSupport.markerText(print, view)).isEqualTo("r3");
            assertThat(session.next(Duration.ofSeconds(1))).isSameAs(view);
            assertThat(TestSupport.markerText(print, view)).isEqualTo("r4");
            List<String> drained = new ArrayList<>();
            session.drain(r -> {
                assertThat(r).isSameAs(view);
                drained.add(TestSupport.markerText(print, r));
            });
            assertThat(drained).containsExactly("r5");
            assertThat(it.hasNext()).isFalse();
        }
    }

    @ParameterizedTest(name = "event-fork {0}")
    @ValueSource(booleans = {true, false})
    void shouldFollowChildrenOfTracedPidsOnlyWithEventFork(boolean follow) throws Exception {
        int tid = TestSupport.tid();
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                .instanceName(TestSupport.testName("fork")).pids(tid).followForks(follow)
                .event("sched:sched_process_exec").start()) {
            assertThat(session.instance().options().get("event-fork")).isEqualTo(follow);
            // The JDK starts processes from the calling thread (vfork/posix_spawn), so the child is ours.
            Process child = new ProcessBuilder("/bin/true").start();
            assertThat(child.waitFor()).isZero();
            session.stop();
            EventFormat exec = session.formats().find("sched", "sched_process_exec");
            List<Long> pids = new ArrayList<>();
            for (EventRecord r : session) {
                pids.add(TestSupport.number(exec, r, "pid"));
            }
            if (follow) {
                assertThat(pids).contains(child.pid());
            } else {
                assertThat(pids).doesNotContain(child.pid());
            }
        }
    }

    @Test
    void shouldRecordAgainAfterARestartAndEndIterationAfterStop() throws Exception {
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                .instanceName(TestSupport.testName("restart")).build()) {
            assertThat(session.isRunning()).isFalse();
            assertThat(session.instance().tracingOn()).isFalse();
            assertThat(session.iterator().hasNext()).as("not started: nothing to wait for").isFalse();
            session.start();
            session.marker().write("one");
            session.stop();
            assertThat(session.instance().tracingOn()).isFalse();
            assertThatThrownBy(() -> session.marker().write("while stopped"))
                    .isInstanceOf(dev.jtrace.core.KernelCallException.class);
            session.start();
            session.marker().write("two");
            session.stop();
            EventFormat print = session.formats().find("ftrace", "print");
            List<String> texts = new ArrayList<>();
            for (EventRecord r : session) {
                texts.add(TestSupport.markerText(print, r));
            }
            assertThat(texts).containsExactly("one", "two");
        }
    }
}
