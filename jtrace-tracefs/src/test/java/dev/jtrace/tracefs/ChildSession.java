package dev.jtrace.tracefs;

import dev.jtrace.core.internal.LibC;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The program child JVMs of the kernel tests run (see {@link ChildJvm}).
 *
 * <ul>
 *   <li>{@code isolate TAG COUNT}: starts a session limited to this thread, prints {@code READY},
 *       waits for a line on stdin, writes COUNT markers {@code TAG-i} (sleeping between them),
 *       stops, reads everything and prints {@code RESULT own=.. foreign=.. ordered=.. switches=..
 *       strangers=..}.
 *   <li>{@code hang}: starts a session with a uprobe on libc's getpid, prints {@code READY
 *       <instance> <group>} and sleeps until killed.
 *   <li>{@code leave INSTANCE exit|sigterm}: starts a session with a uprobe on libc's getpid, opens
 *       the existing INSTANCE and changes it (enables sched_switch, sets a filter on sched_wakeup,
 *       buffer_percent 70, pid filter 2), prints {@code READY <instance> <group>} and closes
 *       nothing: with {@code exit} it calls {@code System.exit(0)} on a line from stdin, with
 *       {@code sigterm} it reads the session until the parent's SIGTERM. Only the shutdown hook
 *       can undo what it did.
 * </ul>
 */
public final class ChildSession {
    private ChildSession() {
    }

    /**
     * Runs a mode.
     *
     * @param args the mode and its arguments
     * @throws Exception on failure (the exit status tells the parent)
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "isolate" -> isolate(args[1], Integer.parseInt(args[2]));
            case "hang" -> hang();
            case "leave" -> leave(args[1], args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void isolate(String tag, int count) throws Exception {
        int tid = LibC.gettid();
        try (TraceSession session = TraceSession.builder(Tracefs.open()).pids(tid)
                .event("sched:sched_switch").start()) {
            System.out.println("READY " + session.instance().name());
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            IsolationResult result = IsolationResult.run(session, tag, count, tid);
            System.out.println("RESULT " + result);
        }
    }

    private static void hang() throws Exception {
        Uprobe getpid = Uprobe.atSymbol(MappedLibraries.libc(), "getpid").named("child_getpid");
        TraceSession session = TraceSession.builder(Tracefs.open()).probe(getpid).event("sched:sched_switch").start();
        session.marker().write("about to be killed");
        System.out.println("READY " + session.instance().name() + " " + session.probes().getFirst().event().system());
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Leaves the session and the handle open on purpose: only the shutdown hook closes them. */
    private static void leave(String existing, String how) throws Exception {
        Uprobe getpid = Uprobe.atSymbol(MappedLibraries.libc(), "getpid").named("hook_getpid");
        TraceSession session = TraceSession.builder(Tracefs.open()).probe(getpid).event("sched:sched_switch").start();
        TraceInstance handle = Tracefs.open().openInstance(existing);
        handle.events().enable("sched:sched_switch");
        handle.events().setFilter("sched:sched_wakeup", "pid == 2");
        handle.buffer().setPercent(70);
        handle.events().setPids(List.of(2));
        System.out.println("READY " + session.instance().name() + " " + session.probes().getFirst().event().system());
        if (how.equals("exit")) {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            System.exit(0);
        }
        session.consume(r -> { }); // returns when the hook closes the session
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * What one isolated session saw.
     *
     * @param own markers with this session's tag, in write order
     * @param foreign markers of anyone else
     * @param ordered whether the own markers came in the order written
     * @param switches sched_switch records
     * @param strangers sched_switch records in which the session's thread neither left nor took the CPU
     */
    record IsolationResult(int own, int foreign, boolean ordered, int switches, int strangers) {
        static IsolationResult run(TraceSession session, String tag, int count, int tid) throws Exception {
            for (int i = 0; i < count; i++) {
                session.marker().write(tag + "-" + i);
                Thread.sleep(1);
            }
            session.stop();
            EventFormat print = session.formats().find("ftrace", "print");
            EventFormat sw = session.formats().find("sched", "sched_switch");
            int own = 0;
            int foreign = 0;
            boolean ordered = true;
            int switches = 0;
            int strangers = 0;
            for (EventRecord r : session) {
                if (r.id() == print.id()) {
                    String text = TestSupport.markerText(print, r);
                    if (text.startsWith(tag + "-")) {
                        ordered &= text.equals(tag + "-" + own);
                        own++;
                    } else {
                        foreign++;
                    }
                } else if (r.id() == sw.id()) {
                    switches++;
                    if (TestSupport.number(sw, r, "prev_pid") != tid && TestSupport.number(sw, r, "next_pid") != tid) {
                        strangers++;
                    }
                }
            }
            return new IsolationResult(own, foreign, ordered, switches, strangers);
        }

        static IsolationResult parse(String line) {
            String[] f = line.substring(line.indexOf("own=")).split("[ =]");
            return new IsolationResult(Integer.parseInt(f[1]), Integer.parseInt(f[3]), Boolean.parseBoolean(f[5]),
                    Integer.parseInt(f[7]), Integer.parseInt(f[9]));
        }

        @Override
        public String toString() {
            return "own=" + own + " foreign=" + foreign + " ordered=" + ordered + " switches=" + switches
                    + " strangers=" + strangers;
        }
    }
}
