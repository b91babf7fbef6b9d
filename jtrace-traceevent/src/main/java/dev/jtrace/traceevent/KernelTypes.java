package dev.jtrace.traceevent;

import dev.jtrace.core.JtraceException;
import dev.jtrace.traceevent.internal.BtfReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What print fmts name but tracefs does not define: enum constants ({@code TCP_ESTABLISHED},
 * {@code I_DIRTY_SYNC}), struct sizes (for pointer arithmetic such as
 * {@code (struct page *)vmemmap_base + pfn}) and a few kernel variables.
 *
 * <p>The enums and sizes come from the kernel's own BTF ({@code /sys/kernel/btf/vmlinux}), so they
 * are right for the kernel that wrote the trace. Kernel variables cannot be read from user space;
 * {@link #withVariable} sets them, and {@link #loadRunningKernel()} assumes x86-64's
 * non-randomized {@code vmemmap_base} (0xffffea0000000000) — with
 * {@code CONFIG_RANDOMIZE_MEMORY} active, {@code page=} values of the kmem page events differ.
 */
public final class KernelTypes {
    /** Where the running kernel publishes its BTF. */
    public static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final long X86_64_VMEMMAP_BASE = 0xffffea0000000000L;
    private static final KernelTypes EMPTY = new KernelTypes(Map.of(), Map.of(), Map.of(), Map.of());

    private final Map<String, Long> enums;
    private final Map<String, Integer> structSizes;
    private final Map<String, Integer> typedefs;
    private final Map<String, Long> variables;

    private KernelTypes(Map<String, Long> enums, Map<String, Integer> structSizes, Map<String, Integer> typedefs,
            Map<String, Long> variables) {
        this.enums = enums;
        this.structSizes = structSizes;
        this.typedefs = typedefs;
        this.variables = variables;
    }

    /**
     * Returns a table that knows nothing: events naming enums render as field dumps.
     *
     * @return the empty table
     */
    public static KernelTypes empty() {
        return EMPTY;
    }

    /**
     * Reads a BTF blob.
     *
     * @param btf the bytes of a BTF file such as {@code /sys/kernel/btf/vmlinux}
     * @param source its name, for errors
     * @return the table
     * @throws dev.jtrace.core.MalformedDataException if the bytes are not BTF
     */
    public static KernelTypes fromBtf(byte[] btf, String source) {
        Map<String, Long> enums = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Integer> typedefs = new HashMap<>();
        BtfReader.read(btf, source, enums, sizes, typedefs);
        return new KernelTypes(Map.copyOf(enums), Map.copyOf(sizes), Map.copyOf(typedefs), Map.of());
    }

    /**
     * Reads the running kernel's BTF, if it has any, with x86-64's default {@code vmemmap_base}.
     *
     * @return the table, or {@link #empty()} when the kernel has no BTF
     * @throws JtraceException if the BTF exists but cannot be read
     */
    public static KernelTypes loadRunningKernel() {
        if (!Files.isReadable(VMLINUX_BTF)) {
            return EMPTY;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(VMLINUX_BTF)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new JtraceException("cannot read " + VMLINUX_BTF + ": " + e.getMessage(), e);
        }
        KernelTypes types = fromBtf(bytes, VMLINUX_BTF.toString());
        return "amd64".equals(System.getProperty("os.arch"))
                ? types.withVariable("vmemmap_base", X86_64_VMEMMAP_BASE) : types;
    }

    /**
     * Returns a copy that knows a kernel variable's value.
     *
     * @param name the variable, such as {@code vmemmap_base}
     * @param value its value
     * @return the new table
     */
    public KernelTypes withVariable(String name, long value) {
        Map<String, Long> vars = new HashMap<>(variables);
        vars.put(name, value);
        return new KernelTypes(enums, structSizes, typedefs, Map.copyOf(vars));
    }

    /**
     * Returns a copy that knows the kernel's {@code jiffies} now, read from {@code /proc/timer_list}.
     * A few print fmts (writeback, jbd2) compute ages from {@code jiffies}; the kernel uses its value
     * at the moment the {@code trace} file is read, so read it as close to that as possible.
     *
     * @return the new table, or this one when {@code /proc/timer_list} is not readable
     */
    public KernelTypes withCurrentJiffies() {
        Path timerList = Path.of("/proc/timer_list");
        try (java.io.BufferedReader in = Files.newBufferedReader(timerList,
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("jiffies: ")) {
                    return withVariable("jiffies", Long.parseUnsignedLong(line.substring(9).strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return this;
        }
        return this;
    }

    /**
     * Returns an enum constant's value.
     *
     * @param name the constant
     * @return the value, or {@code null} if unknown
     */
    public Long enumValue(String name) {
        return enums.get(name);
    }

    /**
     * Returns a kernel variable's value.
     *
     * @param name the variable
     * @return the value, or {@code null} if unknown
     */
    public Long variable(String name) {
        return variables.get(name);
    }

    /**
     * Returns the size of a struct or union.
     *
     * @param name its name without {@code struct}
     * @return the size in bytes, or 0 if unknown
     */
    public int structSize(String name) {
        Integer size = structSizes.get(name);
        return size != null ? size : 0;
    }

    /**
     * Returns the size and signedness of an integer typedef ({@code uint}, {@code pid_t},
     * {@code __kernel_rwf_t}, ...), followed through further typedefs and qualifiers.
     *
     * @param name the typedef name
     * @return the size in bytes, negative when the type is signed, or 0 if unknown or not an integer
     */
    public int typedefSize(String name) {
        Integer size = typedefs.get(name);
        return size != null ? size : 0;
    }

    /**
     * Returns how many enum constants are known.
     *
     * @return the count
     */
    public int enumCount() {
        return enums.size();
    }
}
