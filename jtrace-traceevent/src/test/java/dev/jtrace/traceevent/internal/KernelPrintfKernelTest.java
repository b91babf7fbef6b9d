package dev.jtrace.traceevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.LiveTrace;
import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.Expr;
import dev.jtrace.traceevent.printfmt.Segment;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The kernel's own printf as the oracle: records of events whose print fmt passes plain fields
 * ({@code REC->x}, casts of them, {@code __get_str(x)}) to its conversions are rendered with
 * {@link KernelPrintf} conversion by conversion and compared with the kernel's {@code trace} text.
 * The workload makes IPv4 and IPv6 TCP connections and UDP datagrams on loopback (for
 * {@code %pI4 %pI6c %pISpc}, {@code %#x}, {@code %hu}), processes and timers ({@code %d %s %llu
 * %ps %pS %p}).
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class KernelPrintfKernelTest {
    private static final String[] EVENTS = {"sched/sched_switch", "sched/sched_wakeup", "sched/sched_waking",
        "sched/sched_process_exec", "sched/sched_process_fork", "sched/sched_process_exit", "kmem/kmalloc",
        "kmem/kfree", "kmem/kmem_cache_alloc", "kmem/kmem_cache_free", "sock/inet_sock_set_state", "tcp/tcp_probe",
        "tcp/tcp_rcv_space_adjust", "tcp/tcp_destroy_sock", "tcp/tcp_send_reset", "tcp/tcp_receive_reset",
        "timer/hrtimer_start", "timer/hrtimer_expire_entry", "timer/timer_start", "timer/timer_expire_entry",
        "workqueue/workqueue_execute_start", "workqueue/workqueue_queue_work", "skb/kfree_skb", "skb/consume_skb",
        "net/net_dev_queue", "net/netif_receive_skb", "sock/sock_recv_length", "sock/sock_send_length",
        "udp/udp_fail_queue_rcv_skb", "task/task_newtask", "signal/signal_generate", "irq/softirq_entry",
        "rcu/rcu_utilization", "filemap/mm_filemap_add_to_page_cache", "napi/napi_poll"};

    @Test
    void shouldRenderEveryPlainConversionExactlyAsTheKernel() throws Exception {
        KernelSymbols symbols = KernelSymbols.load(Path.of("/proc/kallsyms"));
        Map<String, int[]> byConversion = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        try (LiveTrace trace = LiveTrace.create("printf")) {
            for (String e : EVENTS) {
                trace.enable(e);
            }
            trace.run(KernelPrintfKernelTest::workload);
            StringBuilder sb = new StringBuilder();
            for (LiveTrace.Entry e : trace.entries()) {
                List<String> used = new ArrayList<>();
                sb.setLength(0);
                if (!render(e.format(), e.record(), symbols, sb, used)) {
                    continue;
                }
                compared++;
                boolean same = sb.toString().equals(e.info());
                for (String u : used) {
                    int[] counts = byConversion.computeIfAbsent(u, k -> new int[2]);
                    counts[same ? 0 : 1]++;
                }
                if (!same && mismatches.size() < 20) {
                    mismatches.add(e.format().name() + "\n  kernel: " + e.info() + "\n  jtrace: " + sb);
                }
            }
        }
        assertThat(compared).as("records compared").isGreaterThan(100);
        assertThat(mismatches).as("per conversion [same, different]: %s", summary(byConversion)).isEmpty();
        assertThat(byConversion).as("conversions the kernel printed").containsKeys("%d", "%s", "%llu", "%pS", "%ps",
                "%p", "%pI4", "%pI6c", "%pISpc", "%#x", "%hu", "%llx", "%u");
    }

    private static String summary(Map<String, int[]> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(v[0]).append('/').append(v[1]).append(' '));
        return sb.toString();
    }

    private static void workload() throws Exception {
        for (InetAddress loop : new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")}) {
            try (ServerSocket server = new ServerSocket(0, 4, loop)) {
                for (int i = 0; i < 3; i++) {
                    try (Socket client = new Socket(loop, server.getLocalPort()); Socket accepted = server.accept()) {
                        OutputStream out = client.getOutputStream();
                        InputStream in = accepted.getInputStream();
                        byte[] data = new byte[20000];
                        out.write(data);
                        out.flush();
                        in.readNBytes(data.length);
                        accepted.getOutputStream().write(data, 0, 100);
                        client.getInputStream().readNBytes(100);
                    }
                }
            }
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(loop, 0));
                    DatagramSocket b = new DatagramSocket(new InetSocketAddress(loop, 0))) {
                for (int i = 0; i < 5; i++) {
                    a.send(new DatagramPacket(new byte[64], 64, b.getLocalSocketAddress()));
                    b.receive(new DatagramPacket(new byte[64], 64));
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            new ProcessBuilder("sh", "-c", "sleep 0.01; kill -0 $$").start().waitFor();
        }
        Path tmp = Files.createTempFile("jtrace-printf", ".txt");
        Files.writeString(tmp, "x".repeat(10000));
        Files.delete(tmp);
    }

    /**
     * Renders the info text if every argument is a plain field; returns false to skip the event.
     */
    static boolean render(EventFormat format, EventRecord record, KernelSymbols symbols, StringBuilder out,
            List<String> used) {
        if (format.printFmt() == null || format.printFmtError() != null) {
            return false;
        }
        List<Expr> args = format.printFmt().args();
        int arg = 0;
        for (Segment s : format.printFmt().segments()) {
            if (s instanceof Segment.Text t) {
                out.append(t.text());
                continue;
            }
            Conversion c = (Conversion) s;
            if (c.conversion() == '%') {
                out.append('%');
                continue;
            }
            int width = c.width();
            int precision = c.precision();
            if (width == Conversion.STAR) {
                Long w = value(format, record, args, arg++);
                if (w == null) {
                    return false;
                }
                width = KernelPrintf.starWidth(w);
            }
            if (precision == Conversion.STAR) {
                Long p = value(format, record, args, arg++);
                if (p == null) {
                    return false;
                }
                precision = KernelPrintf.starPrecision(p);
            }
            if (arg >= args.size()) {
                return false;
            }
            Expr e = args.get(arg++);
            used.add("%" + c.flags() + c.length() + c.conversion() + c.pointerExt());
            switch (c.conversion()) {
                case 's' -> {
                    String str = string(format, record, e);
                    if (str == null) {
                        return false;
                    }
                    KernelPrintf.appendString(out, c, width, precision, str);
                }
                case 'p' -> {
                    if (KernelPrintf.readsMemory(c)) {
                        FieldFormat f = field(format, e);
                        if (f == null || !f.isArray()) {
                            return false;
                        }
                        KernelPrintf.appendPointerData(out, c, width, precision, record.payload(), f.offset(),
                                f.size());
                    } else {
                        if (c.pointerExt().isEmpty() && (width != Conversion.NONE || !c.flags().isEmpty())) {
                            return false; // "%*p" etc. stay hashed: trace_event_format rewrites only a bare %p
                        }
                        Long v = value(format, record, args, arg - 1);
                        if (v == null) {
                            return false;
                        }
                        KernelPrintf.appendPointer(out, c, width, precision, v, symbols);
                    }
                }
                default -> {
                    Long v = value(format, record, args, arg - 1);
                    if (v == null) {
                        return false;
                    }
                    KernelPrintf.appendInteger(out, c, width, precision, v);
                }
            }
        }
        return arg == args.size();
    }

    private static Expr strip(Expr e) {
        while (true) {
            if (e instanceof Expr.Cast c) {
                e = c.operand();
            } else if (e instanceof Expr.Paren p) {
                e = p.inner();
            } else {
                return e;
            }
        }
    }

    private static FieldFormat field(EventFormat format, Expr e) {
        if (strip(e) instanceof Expr.FieldRef f) {
            return format.field(f.name());
        }
        return null;
    }

    private static Long value(EventFormat format, EventRecord r, List<Expr> args, int index) {
        if (index >= args.size()) {
            return null;
        }
        FieldFormat f = field(format, args.get(index));
        if (f == null || f.isArray()) {
            return null;
        }
        int o = f.offset();
        return switch (f.size()) {
            case 1 -> f.isSigned() ? (long) r.s8(o) : (long) r.u8(o);
            case 2 -> f.isSigned() ? (long) r.s16(o) : (long) r.u16(o);
            case 4 -> f.isSigned() ? (long) r.s32(o) : r.u32(o);
            case 8 -> r.u64(o);
            default -> null;
        };
    }

    private static String string(EventFormat format, EventRecord r, Expr e) {
        Expr s = strip(e);
        if (s instanceof Expr.Call call && call.function().equals("__get_str") && call.args().size() == 1) {
            FieldFormat f = field(format, call.args().get(0));
            if (f == null) {
                return null;
            }
            int off = r.dataLocOffset(f.offset());
            return r.cString(off, r.dataLocLength(f.offset()));
        }
        if (s instanceof Expr.Call call && call.function().equals("__print_symbolic") && !call.args().isEmpty()) {
            Long v = value(format, r, call.args(), 0);
            if (v == null) {
                return null;
            }
            for (Expr pair : call.args().subList(1, call.args().size())) {
                if (pair instanceof Expr.InitList list && list.elements().size() == 2
                        && list.elements().get(0) instanceof Expr.IntLiteral key
                        && list.elements().get(1) instanceof Expr.StringLiteral name && key.value() == v) {
                    return name.value();
                }
            }
            return null;
        }
        FieldFormat f = field(format, s);
        if (f != null && f.isArray() && f.elementSize() == 1) {
            return r.cString(f.offset(), f.size());
        }
        return null;
    }
}
