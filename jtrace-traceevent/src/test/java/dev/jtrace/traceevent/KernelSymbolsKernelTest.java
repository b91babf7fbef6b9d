package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the symbol lookup against the running kernel's own output: the {@code call_site=%pS} of
 * {@code kmem:kmalloc} records and the kernel stack traces the {@code stacktrace} option adds (with
 * {@code sym-offset} and {@code sym-addr}, each frame reads {@code name+0xoff/0xsize <address>},
 * printed by the kernel's {@code sprint_symbol}, the same code as {@code %pS}).
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class KernelSymbolsKernelTest {
    private static final Pattern FRAME = Pattern.compile("^ => (.*) <([0-9a-f]+)>$");
    private static final Pattern CALL_SITE = Pattern.compile("call_site=(\\S+) ");

    @Test
    void shouldRenderEveryCallSiteAndStackFrameExactlyAsTheKernel() throws Exception {
        KernelSymbols symbols = KernelSymbols.load(Path.of("/proc/kallsyms"));
        assertThat(symbols.size()).as("symbols in /proc/kallsyms (root sees addresses)").isGreaterThan(1000);
        List<String> mismatches = new ArrayList<>();
        int callSites = 0;
        int frames = 0;
        try (LiveTrace trace = LiveTrace.create("ksyms")) {
            trace.enable("kmem/kmalloc");
            trace.enable("sched/sched_switch");
            trace.set("options/stacktrace", "1");
            trace.set("options/sym-offset", "1");
            trace.set("options/sym-addr", "1");
            trace.run(() -> {
                for (int i = 0; i < 20; i++) {
                    new ProcessBuilder("true").start().waitFor();
                    Thread.sleep(2);
                }
            });
            StringBuilder sb = new StringBuilder();
            for (LiveTrace.Entry e : trace.entries()) {
                if (e.format().name().equals("kmalloc")) {
                    Matcher m = CALL_SITE.matcher(e.info());
                    assertThat(m.find()).as("call_site in %s", e.info()).isTrue();
                    long raw = e.record().u64(e.format().field("call_site").offset());
                    sb.setLength(0);
                    symbols.appendSymbol(sb, raw, true, true);
                    if (!sb.toString().equals(m.group(1))) {
                        mismatches.add(Long.toHexString(raw) + ": kernel " + m.group(1) + ", jtrace " + sb);
                    }
                    callSites++;
                } else if (e.format().name().equals("kernel_stack")) {
                    int count = e.record().s32(e.format().field("size").offset());
                    int base = e.format().field("caller").offset();
                    List<String> lines = e.following().stream().filter(l -> !l.isEmpty()).toList();
                    assertThat(lines).as("frames printed for a stack of %d", count).hasSize(count);
                    for (int i = 0; i < count; i++) {
                        Matcher m = FRAME.matcher(lines.get(i));
                        assertThat(m.matches()).as("frame line %s", lines.get(i)).isTrue();
                        long raw = e.record().u64(base + 8 * i);
                        assertThat(Long.toHexString(raw)).as("address of frame %d", i).isEqualTo(m.group(2));
                        sb.setLength(0);
                        symbols.appendSymbol(sb, raw, true, true);
                        if (!sb.toString().equals(m.group(1))) {
                            mismatches.add(m.group(2) + ": kernel " + m.group(1) + ", jtrace " + sb);
                        }
                        frames++;
                    }
                }
            }
        }
        assertThat(callSites).as("kmalloc call sites compared").isPositive();
        assertThat(frames).as("stack frames compared").isGreaterThan(50);
        assertThat(mismatches).isEmpty();
    }
}
