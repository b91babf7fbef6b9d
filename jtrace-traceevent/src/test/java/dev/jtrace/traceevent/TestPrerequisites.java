package dev.jtrace.traceevent;

import dev.jtrace.core.Availability;
import dev.jtrace.core.Facility;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What some tests of this module need besides tracefs, as baseline facilities for
 * {@link dev.jtrace.core.testing.KernelTests#require(Facility)}: a test calling {@code require}
 * skips with the reason when one is missing, and fails instead under {@code CI=true} (or
 * {@code -Djtrace.requireKernel=true}), so a green CI run means the test really ran.
 */
public enum TestPrerequisites implements Facility {
    /** The running kernel's BTF, for enum constants and struct sizes. */
    VMLINUX_BTF("the running kernel's BTF (" + KernelTypes.VMLINUX_BTF + ")") {
        @Override
        public Availability probe() {
            return Files.isReadable(KernelTypes.VMLINUX_BTF) ? Availability.yes(KernelTypes.VMLINUX_BTF + " is readable")
                    : Availability.no(KernelTypes.VMLINUX_BTF + " is not readable: this kernel publishes no BTF");
        }
    },
    /** coreutils' printf, the C oracle of the printf conversions. */
    COREUTILS_PRINTF("coreutils printf (/usr/bin/printf)") {
        @Override
        public Availability probe() {
            return Files.isExecutable(PRINTF) ? Availability.yes(PRINTF + " is executable")
                    : Availability.no(PRINTF + " is not executable (Debian package coreutils)");
        }
    };

    /** Where coreutils installs printf. */
    public static final Path PRINTF = Path.of("/usr/bin/printf");

    private final String description;

    TestPrerequisites(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean baseline() {
        return true;
    }
}
