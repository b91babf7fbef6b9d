package dev.jtrace.tracedat.probe;

import dev.jtrace.tracedat.RecordCursor;
import dev.jtrace.tracedat.TraceDatFile;
import java.nio.file.Path;

/**
 * Opens a trace.dat file and counts its records, or prints the exception: run in a child JVM by
 * {@code ZstdAvailabilityTest} with jtrace on the module path (this class is in the unnamed module).
 */
public final class ZstdProbeMain {
    private ZstdProbeMain() {
    }

    /**
     * Prints {@code records N} or {@code failed ExceptionClass: message}.
     *
     * @param args the file
     */
    public static void main(String[] args) {
        try (TraceDatFile f = TraceDatFile.open(Path.of(args[0]))) {
            RecordCursor c = f.cursor();
            int n = 0;
            while (c.next()) {
                n++;
            }
            System.out.println("module " + TraceDatFile.class.getModule().getName() + " records " + n);
        } catch (RuntimeException e) {
            System.out.println("failed " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
