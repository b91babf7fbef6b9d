package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.tracefs.internal.Cleanup;
import dev.jtrace.tracefs.internal.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs last ({@link SuiteOrder}) and fails the build if this test run left anything in the kernel:
 * an instance or probe named with the pid of this JVM or of a child JVM it started, a jtrace
 * handle still open, or a changed top-level setting (option, tracer, clock, buffer, CPU mask,
 * enabled events, pid filter) compared with the snapshot taken before the first test.
 */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class LeftoverCheckTest {

    @Test
    void shouldLeaveNoInstanceProbeEnabledEventOrChangedSettingBehind() {
        Tracefs tracefs = TestSupport.tracefs();
        Set<Long> pids = SuiteLedger.pids();
        List<String> leftovers = new ArrayList<>();
        for (String name : tracefs.instanceNames()) {
            long owner = Names.ownerOfInstance(name);
            boolean carriesOurPid = pids.stream().anyMatch(p -> name.contains("-" + p + "-"));
            if (pids.contains(owner) || carriesOurPid) {
                leftovers.add("instance " + name);
            }
        }
        for (String line : tracefs.dynamicEvents().definitions()) {
            EventName e = DynamicEvents.parseEventName(line);
            if (e != null && pids.contains(Names.ownerOfDynamicEvent(e.system(), e.name()))) {
                leftovers.add("dynamic event " + line);
            }
        }
        assertThat(leftovers).as("what this test run (pids %s) left in tracefs", pids).isEmpty();
        assertThat(Cleanup.registered()).as("jtrace handles still open in this JVM").isZero();

        TracefsSnapshot before = SuiteOrder.before();
        assertThat(before).as("the tracefs snapshot taken before the first test").isNotNull();
        TracefsSnapshot after = TracefsSnapshot.take().orElseThrow();
        assertThat(after.differencesFrom(before)).as("top-level tracefs settings changed by the suite").isEmpty();
    }
}
