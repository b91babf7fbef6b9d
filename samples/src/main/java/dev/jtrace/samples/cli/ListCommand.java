package dev.jtrace.samples.cli;

import dev.jtrace.core.Availability;
import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Facilities;
import dev.jtrace.core.JtraceException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.KernelVersion;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.tracefs.TraceInstance;
import dev.jtrace.tracefs.Tracefs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code jtrace list}: the kernel's trace events and the facilities it offers or refuses. */
final class ListCommand {
    static final String HELP = """
            usage: jtrace list [PATTERN]

            Without PATTERN: the kernel, its tracing facilities (offered or refused, with the reason),
            the top-level instance's tracers (current, refused), trace clocks (current) and options
            (on or off), and every event system with its number of events.
            With PATTERN: the events whose SYSTEM:EVENT matches it (glob: * and ?); a pattern
            without ':' matches the system or the event name. Example: jtrace list 'sched:*wak*'""";

    private ListCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            boolean help = args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
            (help ? out : err).println(HELP);
            return help ? JtraceCli.EXIT_OK : JtraceCli.EXIT_USAGE;
        }
        Path tracefs = TracefsMount.mountIfAbsent();
        Facilities.require(KernelFacility.TRACEFS_MOUNTED); // mounted, but also readable by us?
        TreeMap<String, List<String>> events = readEvents(tracefs.resolve("events"));
        if (args.length == 1) {
            Pattern pattern = globToRegex(args[0]);
            boolean qualified = args[0].indexOf(':') >= 0;
            int matches = 0;
            for (var system : events.entrySet()) {
                for (String event : system.getValue()) {
                    String full = system.getKey() + ":" + event;
                    boolean match = qualified ? pattern.matcher(full).matches()
                            : pattern.matcher(system.getKey()).matches() || pattern.matcher(event).matches();
                    if (match) {
                        out.println(full);
                        matches++;
                    }
                }
            }
            if (matches == 0) {
                err.println("jtrace: no event matches '" + args[0] + "'");
                return JtraceCli.EXIT_FAILURE;
            }
            return JtraceCli.EXIT_OK;
        }
        printOverview(tracefs, events, out);
        return JtraceCli.EXIT_OK;
    }

    private static void printOverview(Path tracefs, TreeMap<String, List<String>> events, PrintStream out) {
        KernelVersion kernel = KernelVersion.current();
        CpuSet online = CpuSet.online();
        out.printf("Linux %s, %d CPUs online (%s), tracefs at %s%n%n", kernel.release(), online.size(), online,
                tracefs);
        out.println("Facilities:");
        for (KernelFacility f : KernelFacility.values()) {
            Availability a = Facilities.check(f);
            out.printf("  %-4s %-22s %s%n", a.available() ? "yes" : "no", f.description(), a.reason());
        }
        try (TraceInstance top = Tracefs.at(tracefs).topLevel()) {
            printTopLevel(top, out);
        }
        int total = events.values().stream().mapToInt(List::size).sum();
        out.printf("%nEvent systems (%d systems, %d events):%n", events.size(), total);
        for (var system : events.entrySet()) {
            out.printf("  %-24s %5d%n", system.getKey(), system.getValue().size());
        }
    }

    /** The top-level instance's tracers, trace clocks and options, each with its state. */
    private static void printTopLevel(TraceInstance top, PrintStream out) {
        String current = top.tracers().current();
        Availability function = Facilities.check(KernelFacility.FUNCTION_TRACER);
        out.printf("%nTracers (top level):%n");
        for (String tracer : top.tracers().available()) {
            String state = tracer.equals(current) ? "current"
                    : tracer.equals("function") && !function.available() ? "refused: " + function.reason() : "";
            row(out, tracer, state);
        }
        String clock = top.traceClock();
        out.printf("%nTrace clocks (top level):%n");
        for (String c : top.traceClocks()) {
            row(out, c, c.equals(clock) ? "current" : "");
        }
        out.printf("%nOptions (top level):%n");
        for (var option : top.options().all().entrySet()) {
            out.printf("  %-3s  %s%n", option.getValue() ? "on" : "off", option.getKey());
        }
    }

    private static void row(PrintStream out, String name, String state) {
        out.println(state.isEmpty() ? "  " + name : String.format("  %-16s %s", name, state));
    }

    /** Systems (sorted) to their events (sorted): directories under events/ that hold a format file. */
    static TreeMap<String, List<String>> readEvents(Path eventsDir) {
        TreeMap<String, List<String>> systems = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(eventsDir)) {
            for (Path system : dirs.filter(Files::isDirectory).toList()) {
                List<String> names = new ArrayList<>();
                try (Stream<Path> eventDirs = Files.list(system)) {
                    eventDirs.filter(e -> Files.exists(e.resolve("format")))
                            .forEach(e -> names.add(e.getFileName().toString()));
                }
                if (!names.isEmpty()) {
                    names.sort(null);
                    systems.put(system.getFileName().toString(), names);
                }
            }
        } catch (IOException e) {
            throw new JtraceException("cannot list " + eventsDir + ": " + e.getMessage(), e);
        }
        return systems;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
