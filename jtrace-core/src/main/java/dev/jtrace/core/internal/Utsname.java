package dev.jtrace.core.internal;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct utsname} as glibc defines it on Linux ({@code sys/utsname.h}; kernel
 * {@code struct new_utsname}): six NUL-terminated fields of 65 bytes.
 *
 * <pre>
 *  0        65        130       195       260       325       390
 *  +--------+---------+---------+---------+---------+---------+
 *  |sysname |nodename | release | version | machine |domainname|
 *  +--------+---------+---------+---------+---------+---------+
 * </pre>
 */
public final class Utsname {
    /** Bytes per field, including the terminating NUL ({@code __NEW_UTS_LEN + 1}). */
    public static final int FIELD_LENGTH = 65;
    private static final String[] FIELDS = {"sysname", "nodename", "release", "version", "machine", "domainname"};
    /** The layout. */
    public static final StructLayout LAYOUT = layout();

    private static StructLayout layout() {
        MemoryLayout[] members = new MemoryLayout[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            members[i] = MemoryLayout.sequenceLayout(FIELD_LENGTH, ValueLayout.JAVA_BYTE).withName(FIELDS[i]);
        }
        return MemoryLayout.structLayout(members);
    }

    /**
     * The decoded fields.
     *
     * @param sysname the operating system name, "Linux"
     * @param nodename the host name
     * @param release the kernel release, such as "6.18.44-fc-v595"
     * @param version the kernel build version, such as "#1 SMP PREEMPT_DYNAMIC ..."
     * @param machine the hardware name, such as "x86_64"
     */
    public record Info(String sysname, String nodename, String release, String version, String machine) {
    }

    private Utsname() {
    }

    /**
     * Decodes a filled {@code struct utsname}.
     *
     * @param utsname the struct
     * @return its fields
     */
    public static Info read(MemorySegment utsname) {
        return new Info(field(utsname, 0), field(utsname, 1), field(utsname, 2), field(utsname, 3),
                field(utsname, 4));
    }

    private static String field(MemorySegment utsname, int index) {
        MemorySegment f = utsname.asSlice((long) index * FIELD_LENGTH, FIELD_LENGTH);
        long nul = 0;
        while (nul < FIELD_LENGTH && f.get(ValueLayout.JAVA_BYTE, nul) != 0) {
            nul++;
        }
        return new String(f.asSlice(0, nul).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
    }
}
