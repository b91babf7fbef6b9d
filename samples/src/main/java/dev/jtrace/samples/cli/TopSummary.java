package dev.jtrace.samples.cli;

import dev.jtrace.core.CpuSet;
import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code jtrace top} prints: events per type, the processes switched out most often, the
 * processes making the most system calls, and lost events per CPU.
 *
 * <p>{@link #accept} runs once per event and allocates only the first time it meets a pid's
 * command name; everything else is counted in arrays indexed by event id or in {@link PidCounts}.
 */
final class TopSummary {
    private static final int MAX_ID = 0xFFFF;
    private static final int COMM_LENGTH = 16;

    private final EventFormats formats;
    private final long[] perEvent = new long[MAX_ID + 1];
    private final boolean[] syscallEntry = new boolean[MAX_ID + 1];
    private final int switchId;
    private final int prevPid;
    private final int prevComm;
    private final int nextPid;
    private final int nextComm;
    private final PidCounts switchedOut = new PidCounts();
    private final PidCounts syscalls = new PidCounts();
    private final Map<Integer, String> comms = new HashMap<>();
    private final PidCounts commsKnown = new PidCounts();
    private long events;

    /**
     * @param formats the formats of the events that will be fed in
     */
    TopSummary(EventFormats formats) {
        this.formats = formats;
        EventFormat sw = formats.find("sched", "sched_switch");
        switchId = sw == null ? -1 : sw.id();
        prevPid = offset(sw, "prev_pid");
        prevComm = offset(sw, "prev_comm");
        nextPid = offset(sw, "next_pid");
        nextComm = offset(sw, "next_comm");
        for (EventFormat f : formats.all()) {
            // raw_syscalls:sys_enter and every syscalls:sys_enter_*; a stream normally has one kind.
            boolean entry = f.system().equals("raw_syscalls") ? f.name().equals("sys_enter")
                    : f.system().equals("syscalls") && f.name().startsWith("sys_enter_");
            syscallEntry[f.id()] = entry;
        }
    }

    private static int offset(EventFormat format, String field) {
        if (format == null) {
            return -1;
        }
        FieldFormat f = format.field(field);
        return f == null ? -1 : f.offset();
    }

    /** Counts one event. */
    void accept(EventRecord record) {
        int id = record.id();
        events++;
        perEvent[id]++;
        if (id == switchId && prevPid >= 0) {
            int prev = record.s32(prevPid);
            switchedOut.add(prev, 1);
            learnComm(record, prev, prevComm);
            learnComm(record, record.s32(nextPid), nextComm);
        } else if (syscallEntry[id]) {
            syscalls.add(record.commonPid(), 1);
        }
    }

    private void learnComm(EventRecord record, int pid, int commOffset) {
        // commsKnown, not comms.containsKey: boxing the pid would allocate on every sched_switch.
        if (commOffset >= 0 && pid != 0 && commsKnown.get(pid) == 0) {
            commsKnown.add(pid, 1);
            comms.put(pid, record.cString(commOffset, COMM_LENGTH));
        }
    }

    /** Returns how many events were counted. */
    long events() {
        return events;
    }

    /** Returns how many events of the given id were counted. */
    long count(int id) {
        return perEvent[id];
    }

    /** Returns how often {@code pid} was switched out. */
    long switchesOf(int pid) {
        return switchedOut.get(pid);
    }

    /** Returns how many system calls {@code pid} entered. */
    long syscallsOf(int pid) {
        return syscalls.get(pid);
    }

    /**
     * Prints the tables.
     *
     * @param out where to
     * @param seconds how long the trace ran, for the rate
     * @param cpus the CPUs traced: one row each in the lost-events table
     * @param lostPerCpu lost events by CPU number
     * @param cmdlines the kernel's saved command names, for pids never seen switching
     * @param limit rows per table
     */
    void print(PrintStream out, double seconds, CpuSet cpus, long[] lostPerCpu, CommTable cmdlines, int limit) {
        long lost = 0;
        for (long l : lostPerCpu) {
            lost += l;
        }
        out.printf("%d events in %.1f s (%.0f/s), %d lost%n", events, seconds, seconds > 0 ? events / seconds : 0.0,
                lost);

        out.printf("%nEvents by type:%n%12s  %s%n", "COUNT", "EVENT");
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id <= MAX_ID; id++) {
            if (perEvent[id] > 0) {
                ids.add(id);
            }
        }
        ids.sort((a, b) -> Long.compare(perEvent[b], perEvent[a]));
        for (int i = 0; i < Math.min(limit, ids.size()); i++) {
            int id = ids.get(i);
            EventFormat f = formats.byId(id);
            out.printf("%12d  %s%n", perEvent[id], f == null ? "id " + id : f.system() + ":" + f.name());
        }
        if (ids.size() > limit) {
            out.printf("%12s  (%d more event types)%n", "", ids.size() - limit);
        }

        table(out, "Top processes by context switches (times switched out):", switchedOut, cmdlines, limit);
        table(out, "Top processes by system calls:", syscalls, cmdlines, limit);

        out.printf("%nLost events per CPU:%n%12s  %s%n", "LOST", "CPU");
        for (int cpu = cpus.next(0); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            out.printf("%12d  %d%n", cpu < lostPerCpu.length ? lostPerCpu[cpu] : 0, cpu);
        }
    }

    private void table(PrintStream out, String title, PidCounts counts, CommTable cmdlines, int limit) {
        out.printf("%n%s%n", title);
        if (counts.size() == 0) {
            out.println("  (none seen)");
            return;
        }
        out.printf("%12s  %7s  %s%n", "COUNT", "PID", "COMM");
        for (int pid : counts.top(limit)) {
            out.printf("%12d  %7d  %s%n", counts.get(pid), pid, commOf(pid, cmdlines));
        }
    }

    private String commOf(int pid, CommTable cmdlines) {
        if (pid == 0) {
            return "<idle>";
        }
        String comm = comms.get(pid);
        return comm != null ? comm : cmdlines.comm(pid);
    }
}
