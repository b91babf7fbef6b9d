package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A uprobe and a uretprobe on the getpid of the libc this JVM maps, placed by symbol (offset from
 * the ELF symbol tables, read in Java), fire exactly once per call made through jtrace-core's LibC.
 */
@RequiresKernel({KernelFacility.TRACEFS_WRITABLE, KernelFacility.UPROBES})
class UprobeKernelTest {
    private static final int CALLS = 37;

    @Test
    void shouldFireEntryAndReturnProbeExactlyOncePerGetpidCallWithTheCommAndTheReturnedPid() throws Exception {
        Path libc = MappedLibraries.libc();
        int tid = TestSupport.tid();
        int pid = (int) ProcessHandle.current().pid();
        String comm = TestSupport.comm(tid);
        Uprobe entry = Uprobe.atSymbol(libc, "getpid").named("getpid_entry").fetch("comm", "$comm");
        Uprobe exit = Uprobe.atSymbol(libc, "getpid").returning().named("getpid_exit").fetch("ret", "$retval", "s32");
        String filter = "common_pid == " + tid;
        String group;
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                .instanceName(TestSupport.testName("uprobe"))
                .probe(entry, filter)
                .probe(exit, filter)
                .start()) {
            group = session.probes().get(0).event().system();
            assertThat(group).isEqualTo("jtrace_" + pid);
            assertThat(session.probes().get(0).definition())
                    .isEqualTo("p:" + group + "/getpid_entry " + libc + ":0x" + Long.toHexString(entry.offset())
                            + " comm=$comm");
            for (int i = 0; i < CALLS; i++) {
                assertThat(LibC.getpid()).isEqualTo(pid);
            }
            session.stop();
            EventFormat entryFormat = session.probes().get(0).format();
            EventFormat exitFormat = session.probes().get(1).format();
            List<String> comms = new ArrayList<>();
            List<Long> returns = new ArrayList<>();
            int entries = 0;
            for (EventRecord r : session) {
                EventFormat f = session.format(r);
                assertThat(r.commonPid()).isEqualTo(tid);
                if (f.id() == entryFormat.id()) {
                    entries++;
                    comms.add(r.cString(r.dataLocOffset(entryFormat.field("comm").offset()),
                            r.dataLocLength(entryFormat.field("comm").offset())));
                } else if (f.id() == exitFormat.id()) {
                    returns.add(TestSupport.number(exitFormat, r, "ret"));
                }
            }
            assertThat(entries).isEqualTo(CALLS);
            assertThat(comms).hasSize(CALLS).containsOnly(comm);
            assertThat(returns).hasSize(CALLS).containsOnly((long) pid);
        }
        assertThat(TestSupport.tracefs().dynamicEvents().eventsOf(group)).isEmpty();
    }
}
