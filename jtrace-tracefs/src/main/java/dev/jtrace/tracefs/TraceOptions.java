package dev.jtrace.tracefs;

import dev.jtrace.tracefs.internal.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace options of an instance: every file under {@code options/}, by name
 * ({@code event-fork}, {@code overwrite}, {@code markers}, {@code hash-ptr}, ...). Which options
 * exist depends on the kernel and on the instance (some, such as {@code record-cmd}, exist only at
 * the top level). Changes are undone when the instance handle is closed.
 * {@snippet :
 * instance.options().set("event-fork", true);   // children of traced pids are traced too
 * boolean overwrite = instance.options().get("overwrite");
 * }
 */
public final class TraceOptions {
    private final InstanceContext context;

    TraceOptions(InstanceContext context) {
        this.context = context;
    }

    /**
     * Returns the names of the options this instance has.
     *
     * @return the names, sorted
     * @throws dev.jtrace.core.ResourceClosedException if the instance handle is closed
     */
    public List<String> names() {
        context.checkOpen();
        List<String> names = new ArrayList<>(Listing.names(context.file("options"), false));
        Collections.sort(names);
        return names;
    }

    /**
     * Returns every option and whether it is set.
     *
     * @return option name to value, sorted by name
     * @throws dev.jtrace.core.KernelCallException if an option file cannot be read
     */
    public Map<String, Boolean> all() {
        Map<String, Boolean> all = new LinkedHashMap<>();
        for (String name : names()) {
            all.put(name, get(name));
        }
        return all;
    }

    /**
     * Tells whether an option exists on this instance.
     *
     * @param name the option
     * @return {@code true} if {@code options/<name>} exists
     * @throws IllegalArgumentException if the name is not a valid file name
     */
    public boolean has(String name) {
        context.checkOpen();
        return context.exists("options/" + Names.component(name, "option name"));
    }

    /**
     * Reads an option.
     *
     * @param name the option, such as {@code "event-fork"}
     * @return whether it is set
     * @throws IllegalArgumentException if the name is invalid or the instance has no such option
     * @throws dev.jtrace.core.KernelCallException if the file cannot be read
     */
    public boolean get(String name) {
        return context.read(checked(name)).strip().equals("1");
    }

    /**
     * Sets or clears an option; {@code close()} of the instance handle restores its old value.
     *
     * @param name the option
     * @param value the new value
     * @throws IllegalArgumentException if the name is invalid or the instance has no such option
     * @throws dev.jtrace.core.KernelCallException with errno if the kernel refuses (some options
     *     cannot change while tracing or are refused by the current tracer)
     */
    public void set(String name, boolean value) {
        String file = checked(name);
        boolean old = context.read(file).strip().equals("1");
        context.set(file, value ? "1" : "0", old ? "1" : "0");
    }

    private String checked(String name) {
        context.checkOpen();
        String file = "options/" + Names.component(name, "option name");
        if (!context.exists(file)) {
            throw new IllegalArgumentException(context.describe() + " has no option " + Names.printable(name)
                    + "; it has " + names());
        }
        return file;
    }
}
