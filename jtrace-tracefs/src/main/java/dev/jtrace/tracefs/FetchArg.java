package dev.jtrace.tracefs;

import dev.jtrace.tracefs.internal.Names;

/**
 * One argument a probe records: {@code [NAME=]FETCHARG[:TYPE]} in the kernel's probe syntax
 * ({@code Documentation/trace/kprobetrace.rst}, {@code uprobetracer.rst}, {@code eprobetrace.rst}).
 * Examples: {@code %di} (a register), {@code $retval}, {@code $comm}, {@code +0(%si):string},
 * {@code $prev_pid} (an eprobe's field of the attached event); types {@code u8..u64},
 * {@code s8..s64}, {@code x8..x64}, {@code string}, {@code ustring}, {@code symbol}, bitfields.
 *
 * @param name the field name in the new event, or {@code null} to let the kernel name it
 * @param fetch what to fetch
 * @param type the type, or {@code null} for the kernel's default
 */
public record FetchArg(String name, String fetch, String type) {
    /**
     * Checks the parts: the name is a C identifier, fetch and type are single tokens.
     *
     * @param name the field name or {@code null}
     * @param fetch what to fetch
     * @param type the type or {@code null}
     * @throws IllegalArgumentException if a part is invalid
     */
    public FetchArg {
        if (name != null) {
            Names.identifier(name, "fetch argument name");
        }
        Names.token(fetch, "fetch argument");
        if (type != null) {
            Names.token(type, "fetch argument type");
        }
    }

    /**
     * Returns the argument as the kernel's command syntax writes it.
     *
     * @return such as {@code "ret=$retval:s32"}
     */
    public String text() {
        return (name == null ? "" : name + "=") + fetch + (type == null ? "" : ":" + type);
    }

    @Override
    public String toString() {
        return text();
    }
}
