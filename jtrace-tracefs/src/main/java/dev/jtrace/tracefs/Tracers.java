package dev.jtrace.tracefs;

import dev.jtrace.core.Errno;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.tracefs.internal.Control;
import dev.jtrace.tracefs.internal.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracer of an instance ({@code current_tracer}) and the function tracer's filters
 * ({@code set_ftrace_filter}, {@code set_ftrace_notrace}, {@code set_ftrace_pid}).
 *
 * <p>Some kernels list the {@code function} tracer but refuse it (EPERM, when ftrace is disabled
 * or locked down); then selecting it, or touching a function filter, throws
 * {@link FacilityUnavailableException} saying the kernel refused, with the
 * {@link KernelCallException} as cause, and everything else keeps working. Changes are undone when
 * the instance handle is closed.
 */
public final class Tracers {
    private final InstanceContext context;

    Tracers(InstanceContext context) {
        this.context = context;
    }

    /**
     * Returns the tracers this kernel offers ({@code available_tracers}).
     *
     * @return the names, such as {@code [blk, function, nop]}
     */
    public List<String> available() {
        return words(context.read("available_tracers"));
    }

    /**
     * Returns the current tracer.
     *
     * @return such as {@code "nop"}
     */
    public String current() {
        return context.read("current_tracer").strip();
    }

    /**
     * Selects a tracer.
     *
     * @param tracer a name from {@link #available()}
     * @throws IllegalArgumentException if the kernel does not list the tracer
     * @throws FacilityUnavailableException if the kernel lists it but refuses it (EPERM)
     * @throws KernelCallException for other refusals, such as EBUSY while a {@code trace_pipe} or
     *     {@code trace_pipe_raw} of the instance is open (a running {@link TraceSession}'s reader)
     */
    public void set(String tracer) {
        Names.component(tracer, "tracer name");
        List<String> available = available();
        if (!available.contains(tracer)) {
            throw new IllegalArgumentException("this kernel has no tracer " + Names.printable(tracer)
                    + "; available_tracers lists " + available);
        }
        String old = current();
        try {
            context.set("current_tracer", tracer, old);
        } catch (KernelCallException e) {
            throw refused("the " + tracer + " tracer", "current_tracer", e);
        }
    }

    /**
     * Returns the functions the function tracer is limited to.
     *
     * @return the functions (empty: all functions)
     * @throws FacilityUnavailableException if the kernel refuses function filters
     */
    public List<String> functionFilter() {
        return listFile("set_ftrace_filter", "function filters");
    }

    /**
     * Limits the function tracer to functions (globs allowed, such as {@code "vfs_*"}).
     *
     * @param functions the functions; empty removes the limit
     * @throws IllegalArgumentException if a name has whitespace or control characters
     * @throws FacilityUnavailableException if the kernel refuses function filters (EPERM)
     * @throws KernelCallException if the kernel refuses a name (EINVAL: no such function)
     */
    public void setFunctionFilter(List<String> functions) {
        replaceList("set_ftrace_filter", "function filters", functions, "function name");
    }

    /**
     * Returns the functions the function tracer never traces.
     *
     * @return the functions
     * @throws FacilityUnavailableException if the kernel refuses function filters
     */
    public List<String> functionNotrace() {
        return listFile("set_ftrace_notrace", "function filters");
    }

    /**
     * Sets the functions the function tracer never traces.
     *
     * @param functions the functions; empty clears the list
     * @throws IllegalArgumentException if a name has whitespace or control characters
     * @throws FacilityUnavailableException if the kernel refuses function filters
     * @throws KernelCallException if the kernel refuses a name
     */
    public void setFunctionNotrace(List<String> functions) {
        replaceList("set_ftrace_notrace", "function filters", functions, "function name");
    }

    /**
     * Returns the pids the function tracer is limited to.
     *
     * @return the pids (empty: all)
     * @throws FacilityUnavailableException if the kernel refuses function pid filters
     */
    public List<Integer> functionPids() {
        List<Integer> pids = new ArrayList<>();
        for (String w : listFile("set_ftrace_pid", "function pid filter")) {
            pids.add(Integer.parseInt(w));
        }
        return pids;
    }

    /**
     * Limits the function tracer to pids.
     *
     * @param pids the pids; empty removes the limit
     * @throws IllegalArgumentException if a pid is not positive
     * @throws FacilityUnavailableException if the kernel refuses function pid filters
     */
    public void setFunctionPids(List<Integer> pids) {
        List<String> words = new ArrayList<>();
        for (int pid : pids) {
            if (pid <= 0) {
                throw new IllegalArgumentException("a pid must be positive, not " + pid);
            }
            words.add(Integer.toString(pid));
        }
        replaceList("set_ftrace_pid", "function pid filter", words, "pid");
    }

    private List<String> listFile(String file, String facility) {
        context.checkOpen();
        String text;
        try {
            text = Control.read(context.file(file));
        } catch (KernelCallException e) {
            throw refused(facility, file, e);
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#") && !l.equals("no pid")) {
                out.add(l);
            }
        }
        return out;
    }

    private void replaceList(String file, String facility, List<String> items, String what) {
        List<String> checked = new ArrayList<>();
        for (String item : items) {
            checked.add(Names.token(item, what));
        }
        List<String> old = listFile(file, facility);
        String key = "list:" + file;
        boolean first = context.journal.remember(key,
                () -> Control.write(context.file(file), String.join(" ", old), true, null));
        try {
            context.writeTruncating(file, String.join(" ", checked));
        } catch (KernelCallException e) {
            if (first) {
                context.journal.forget(key);
            }
            throw refused(facility, file, e);
        }
    }

    /**
     * EPERM/ENODEV (or a missing file) mean the kernel will not do this at all here; anything else
     * is about this call: EBUSY, for one, while a reader of the instance's trace pipes is open.
     */
    private RuntimeException refused(String facility, String file, KernelCallException e) {
        if (e.errno() == Errno.EPERM || e.errno() == Errno.ENODEV
                || (e.errno() == Errno.ENOENT && e.operation().equals("open"))) {
            return new FacilityUnavailableException(facility, e.operation() + " of " + context.file(file)
                    + " was refused by this kernel: " + e.errnoName() + " (" + e.errnoText() + ")"
                    + (e.errno() == Errno.EPERM ? "; ftrace is disabled or locked down here, while event tracing "
                            + "and everything else keep working" : ""), e);
        }
        return e;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
