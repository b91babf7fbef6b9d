package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The command text of every kind of dynamic event, checked against the examples of the kernel's
 * documentation (Documentation/trace/uprobetracer.rst, kprobetrace.rst, eprobetrace.rst,
 * histogram.rst): the same definitions, in jtrace's group instead of the documented one. Kinds the
 * kernel on these machines lacks can only be checked this way.
 */
class ProbeDefinitionTest {
    private static final String GROUP = "jtrace_4242";

    @Test
    void shouldWriteUprobesAsUprobetracerDocumentsThem() {
        // uprobetracer.rst: echo 'p:zfree_entry /bin/zsh:0x46420 %ip %ax' > uprobe_events
        Uprobe entry = Uprobe.atOffset(Path.of("/bin/zsh"), 0x46420).named("zfree_entry")
                .fetch(new FetchArg(null, "%ip", null)).fetch(new FetchArg(null, "%ax", null));
        assertThat(entry.definition(GROUP)).isEqualTo("p:" + GROUP + "/zfree_entry /bin/zsh:0x46420 %ip %ax");
        // echo 'r:zfree_exit /bin/zsh:0x46420 %ip %ax' >> uprobe_events
        assertThat(entry.returning().named("zfree_exit").definition(GROUP))
                .isEqualTo("r:" + GROUP + "/zfree_exit /bin/zsh:0x46420 %ip %ax");
        assertThat(entry.removal(GROUP)).isEqualTo("-:" + GROUP + "/zfree_entry");
        assertThat(entry.legacyFile()).isEqualTo("uprobe_events");
        assertThat(entry.legacyDefinition(GROUP)).isEqualTo(entry.definition(GROUP));
        // README: p[:[<group>/][<event>]] <place> [<args>], place = <path>:<offset>[(ref_ctr_offset)]
        assertThat(Uprobe.atOffset(Path.of("/usr/lib/postgresql/15/bin/postgres"), 0x1a2b).withRefCounter(0x9f00)
                .named("query_start").fetch("q", "%di", "u64").definition(GROUP))
                .isEqualTo("p:" + GROUP + "/query_start /usr/lib/postgresql/15/bin/postgres:0x1a2b(0x9f00) q=%di:u64");
        // Without a name, like the kernel's own p_<file>_0x<offset>.
        assertThat(Uprobe.atOffset(Path.of("/bin/bash"), 0x4245c0).definition(GROUP))
                .isEqualTo("p:" + GROUP + "/p_bash_0x4245c0 /bin/bash:0x4245c0");
        assertThat(Uprobe.atOffset(Path.of("/lib/libc.so.6"), 0x10).returning().name()).isEqualTo("r_libc_so_6_0x10");
        assertThat(entry.eventIn(GROUP)).isEqualTo(new EventName(GROUP, "zfree_entry"));
    }

    @Test
    void shouldWriteKprobesAsKprobetraceDocumentsThem() {
        // kprobetrace.rst: p:myprobe do_sys_open dfd=%ax filename=%dx flags=%cx mode=+4($stack)
        Kprobe open = Kprobe.at("do_sys_open").named("myprobe").fetch("dfd", "%ax").fetch("filename", "%dx")
                .fetch("flags", "%cx").fetch("mode", "+4($stack)");
        assertThat(open.definition(GROUP))
                .isEqualTo("p:" + GROUP + "/myprobe do_sys_open dfd=%ax filename=%dx flags=%cx mode=+4($stack)");
        // r:myretprobe do_sys_open $retval
        Kprobe ret = Kprobe.at("do_sys_open").returning().named("myretprobe").fetch(null, "$retval");
        assertThat(ret.definition(GROUP)).isEqualTo("r:" + GROUP + "/myretprobe do_sys_open $retval");
        // r[MAXACTIVE][:[GRP/]EVENT] [MOD:]SYM[+0] [FETCHARGS]
        assertThat(Kprobe.inModule("ext4", "ext4_sync_file").returning(16).named("sync").definition(GROUP))
                .isEqualTo("r16:" + GROUP + "/sync ext4:ext4_sync_file");
        // p[:[GRP/]EVENT] [MOD:]SYM[+offs]|MEMADDR
        assertThat(Kprobe.at("vfs_read", 0x10).definition(GROUP)).isEqualTo("p:" + GROUP + "/p_vfs_read_16 vfs_read+16");
        assertThat(Kprobe.atAddress(0xffffffff81000000L).definition(GROUP))
                .isEqualTo("p:" + GROUP + "/p_0xffffffff81000000 0xffffffff81000000");
        assertThat(Kprobe.at("foo.isra.0").name()).isEqualTo("p_foo_isra_0");
        assertThat(open.removal(GROUP)).isEqualTo("-:" + GROUP + "/myprobe");
        assertThat(open.legacyFile()).isEqualTo("kprobe_events");
        assertThatThrownBy(() -> Kprobe.at("vfs_read", 4).returning()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldWriteEprobesAsEprobetraceDocumentsThem() {
        // eprobetrace.rst: e:sched/switch sched.sched_switch prev=$prev_pid:u32 next=$next_pid:u32
        Eprobe sw = Eprobe.on(new EventName("sched", "sched_switch")).named("switch")
                .fetch("prev", "$prev_pid", "u32").fetch("next", "$next_pid", "u32");
        assertThat(sw.definition(GROUP))
                .isEqualTo("e:" + GROUP + "/switch sched.sched_switch prev=$prev_pid:u32 next=$next_pid:u32");
        // e:openat raw_syscalls.sys_enter nr=$id filename=+8($args):ustring   (+ a filter, from the README synopsis)
        Eprobe openat = Eprobe.on(new EventName("raw_syscalls", "sys_enter")).named("openat")
                .fetch("nr", "$id", null).fetch("filename", "+8($args)", "ustring").when("id == 257");
        assertThat(openat.definition(GROUP)).isEqualTo(
                "e:" + GROUP + "/openat raw_syscalls.sys_enter nr=$id filename=+8($args):ustring if id == 257");
        assertThat(Eprobe.on(new EventName("sched", "sched_wakeup")).name()).isEqualTo("sched_wakeup");
        assertThat(openat.removal(GROUP)).isEqualTo("-:" + GROUP + "/openat");
        assertThat(openat.legacyFile()).as("only dynamic_events takes eprobes").isNull();
    }

    @Test
    void shouldWriteSyntheticEventsAsHistogramDocumentsThem() {
        // histogram.rst: echo 'wakeup_latency u64 lat; pid_t pid; int prio' >> synthetic_events
        SyntheticEvent latency = SyntheticEvent.named("wakeup_latency").field("u64", "lat").field("pid_t", "pid")
                .field("int", "prio");
        assertThat(latency.legacyDefinition(GROUP)).isEqualTo(GROUP + "_wakeup_latency u64 lat; pid_t pid; int prio");
        assertThat(latency.legacyFile()).isEqualTo("synthetic_events");
        assertThat(latency.legacyRemoval(GROUP)).isEqualTo("!" + GROUP + "_wakeup_latency");
        // dynamic_events form: s:[synthetic/]<event> <field>[;<field>]
        assertThat(latency.definition(GROUP))
                .isEqualTo("s:synthetic/" + GROUP + "_wakeup_latency u64 lat; pid_t pid; int prio");
        assertThat(latency.removal(GROUP)).isEqualTo("-:synthetic/" + GROUP + "_wakeup_latency");
        assertThat(latency.eventIn(GROUP)).isEqualTo(new EventName("synthetic", GROUP + "_wakeup_latency"));
        // char comm[16] and dynamic strings, as in the selftests
        assertThat(SyntheticEvent.named("s").field("char", "comm[16]").field("char", "name[]").field("unsigned long", "ip")
                .definition(GROUP)).isEqualTo("s:synthetic/" + GROUP + "_s char comm[16]; char name[]; unsigned long ip");
        assertThatThrownBy(() -> SyntheticEvent.named("empty").definition(GROUP)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRenderTriggersAsEventsRstDocumentsThem() {
        assertThat(Trigger.traceOff().times(1).when("nr_rq > 1").command()).isEqualTo("traceoff:1 if nr_rq > 1");
        assertThat(Trigger.enableEvent(new EventName("kmem", "kmalloc")).times(1).command())
                .isEqualTo("enable_event:kmem:kmalloc:1");
        assertThat(Trigger.disableEvent(new EventName("kmem", "kmalloc")).removal()).isEqualTo("!disable_event:kmem:kmalloc");
        assertThat(Trigger.stacktrace().times(5).when("bytes_req >= 65536").command())
                .isEqualTo("stacktrace:5 if bytes_req >= 65536");
        assertThat(Trigger.stacktrace().times(5).removal()).isEqualTo("!stacktrace");
        assertThat(Trigger.snapshot().when("nr_rq > 1").command()).isEqualTo("snapshot if nr_rq > 1");
        assertThat(Trigger.hist("keys=pid:vals=hitcount").command()).isEqualTo("hist:keys=pid:vals=hitcount");
        assertThat(Trigger.hist("keys=pid").removal()).isEqualTo("!hist:keys=pid");
        assertThat(Trigger.traceOn().kind()).isEqualTo("traceon");
        assertThat(Trigger.traceOn().times(2)).isEqualTo(Trigger.traceOn().times(2)).isNotEqualTo(Trigger.traceOn());
        assertThatThrownBy(() -> Trigger.traceOn().times(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Trigger.hist("keys=pid").times(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldParseTheEventNameOfListedDefinitions() {
        assertThat(DynamicEvents.parseEventName("p:jtrace_1/getpid /usr/lib/libc.so.6:0x00000000000e2b30 a=%di"))
                .isEqualTo(new EventName("jtrace_1", "getpid"));
        assertThat(DynamicEvents.parseEventName("s:synthetic/lat u64 lat")).isEqualTo(new EventName("synthetic", "lat"));
        assertThat(DynamicEvents.parseEventName("r16:kprobes/x ext4:ext4_sync_file")).isEqualTo(
                new EventName("kprobes", "x"));
        assertThat(DynamicEvents.parseEventName("garbage")).isNull();
        assertThat(DynamicEvents.parseEventName("p:nogroup /bin/true:0x1")).isNull();
    }
}
