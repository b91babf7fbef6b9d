package dev.jtrace.tracedat;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.PageDecoder;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Regenerates the captured fixtures under {@code src/test/resources/fixtures/} from the running
 * kernel. Not a test: run it by hand, as root, from {@code jtrace-tracedat/} (see the README there).
 */
public final class CaptureFixtures {
    private CaptureFixtures() {
    }

    /**
     * Captures both data sets.
     *
     * @param args ignored
     * @throws Exception if the capture fails
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of("src/test/resources/fixtures");
        capture(root.resolve("sched-4k"), 0);
        capture(root.resolve("markers-8k"), 8);
    }

    /**
     * The lines of /proc/kallsyms that cover the given addresses (the symbol at or before each, and
     * the one after it, which fixes its size), in kallsyms order.
     */
    private static String kallsymsAround(java.util.Set<Long> addresses) throws java.io.IOException {
        java.util.List<String> lines = java.util.List.of(TestInstance.read(Path.of("/proc/kallsyms")).split("\n"));
        java.util.TreeMap<Long, Integer> byAddress = new java.util.TreeMap<>(Long::compareUnsigned);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int sp = l.indexOf(' ');
            if (sp > 0 && !l.contains("\t[")) {
                byAddress.putIfAbsent(Long.parseUnsignedLong(l.substring(0, sp), 16), i);
            }
        }
        java.util.TreeSet<Integer> keep = new java.util.TreeSet<>();
        for (long a : addresses) {
            var at = byAddress.floorEntry(a);
            var next = byAddress.higherEntry(a);
            if (at != null && next != null && Long.compareUnsigned(next.getKey() - at.getKey(), 1 << 20) < 0) {
                keep.add(at.getValue());
                keep.add(next.getValue());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i : keep) {
            sb.append(lines.get(i)).append('\n');
        }
        return sb.toString();
    }

    private static void capture(Path dir, int subbufKb) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Path scratch = Files.createTempDirectory("jtrace-fixture");
        try (TestInstance t = TestInstance.create("fixture", 1024)) {
            if (subbufKb > 0) {
                t.write("buffer_subbuf_size_kb", Integer.toString(subbufKb));
            } else {
                t.enable("sched/sched_switch");
                t.enable("sched/sched_wakeup");
                t.enable("syscalls/sys_enter_openat");
                t.enable("syscalls/sys_exit_openat");
            }
            t.on();
            Workload.run(scratch, t);
            t.off();
            Files.writeString(dir.resolve("trace"), t.trace());
            Files.writeString(dir.resolve("header_page"), TestInstance.read(t.dir().resolve("events/header_page")));
            Files.writeString(dir.resolve("header_event"), TestInstance.read(t.dir().resolve("events/header_event")));
            Files.writeString(dir.resolve("trace_clock"), TestInstance.read(t.dir().resolve("trace_clock")));
            Files.writeString(dir.resolve("saved_cmdlines"), TestInstance.read(t.tracefs().resolve("saved_cmdlines")));
            HeaderPage layout = HeaderPage.parse(Files.readString(dir.resolve("header_page")), "header_page");
            BitSet used = new BitSet();
            java.util.Set<Long> ips = new java.util.TreeSet<>(Long::compareUnsigned);
            for (int cpu : t.cpus()) {
                byte[] raw = t.readPages(cpu);
                Files.write(dir.resolve("cpu" + cpu + ".raw"), raw);
                PageDecoder d = new PageDecoder(layout);
                EventRecord r = new EventRecord();
                MemorySegment seg = MemorySegment.ofArray(raw);
                for (long off = 0; off + layout.subBufferSize() <= raw.length; off += layout.subBufferSize()) {
                    d.reset(seg, off, "cpu" + cpu, cpu, off / layout.subBufferSize());
                    while (d.next(r)) {
                        used.set(r.id());
                        if (r.payloadLength() >= 16) {
                            ips.add(r.u64(8)); // ftrace/print's ip (other events' bytes add harmless lookups)
                        }
                    }
                }
            }
            Files.writeString(dir.resolve("kallsyms"), kallsymsAround(ips));
            EventFormats formats = EventFormats.load(t.tracefs().resolve("events"));
            for (EventFormat f : formats.all()) {
                if (used.get(f.id()) || f.system().equals("ftrace")) {
                    Path to = dir.resolve("events").resolve(f.system()).resolve(f.name()).resolve("format");
                    Files.createDirectories(to.getParent());
                    Files.writeString(to, TestInstance.read(Path.of(f.source())));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
