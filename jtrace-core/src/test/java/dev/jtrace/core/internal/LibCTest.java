package dev.jtrace.core.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.ResourceClosedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every binding against the real C library and kernel; no kernel facility beyond a file system. */
class LibCTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadWriteSeekAndPositionalIoOnARealFile() throws Exception {
        Path file = dir.resolve("data");
        try (Arena arena = Arena.ofConfined();
                NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDWR | LibC.O_CREAT | LibC.O_TRUNC, 0600)) {
            MemorySegment hello = arena.allocateFrom("hello, kernel", StandardCharsets.US_ASCII);
            assertThat(LibC.write(fd.fd(), hello, 13, file.toString())).isEqualTo(13);
            assertThat(LibC.pwrite(fd.fd(), arena.allocateFrom("K"), 1, 7, file.toString())).isEqualTo(1);
            assertThat(LibC.lseek(fd.fd(), 0, LibC.SEEK_CUR, file.toString())).isEqualTo(13);
            assertThat(LibC.lseek(fd.fd(), 0, LibC.SEEK_SET, file.toString())).isZero();

            MemorySegment buf = arena.allocate(64);
            assertThat(LibC.read(fd.fd(), buf, 64, file.toString())).isEqualTo(13);
            assertThat(new String(buf.asSlice(0, 13).toArray(JAVA_BYTE), StandardCharsets.US_ASCII))
                    .isEqualTo("hello, Kernel");
            assertThat(LibC.read(fd.fd(), buf, 64, file.toString())).isZero();
            assertThat(LibC.pread(fd.fd(), buf, 6, 7, file.toString())).isEqualTo(6);
            assertThat(buf.getString(0).substring(0, 6)).isEqualTo("Kernel");
            assertThat(LibC.lseek(fd.fd(), 0, LibC.SEEK_END, file.toString())).isEqualTo(13);
        }
        assertThat(Files.readString(file)).isEqualTo("hello, Kernel");
    }

    @Test
    void shouldReportEbadfForAClosedDescriptorAsKernelCallException() throws Exception {
        Path file = dir.resolve("f");
        Files.writeString(file, "x");
        int fd = LibC.open(file.toString(), LibC.O_RDONLY, 0);
        LibC.close(fd, file.toString());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            assertThatThrownBy(() -> LibC.read(fd, buf, 8, "closed " + file))
                    .isInstanceOfSatisfying(KernelCallException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EBADF);
                        assertThat(e.errnoName()).isEqualTo("EBADF");
                        assertThat(e.errnoText()).isEqualTo("Bad file descriptor");
                        assertThat(e.operation()).isEqualTo("read");
                        assertThat(e.path()).isEqualTo("closed " + file);
                    });
            assertThat(LibC.tryRead(fd, buf, 8)).isEqualTo(-Errno.EBADF);
            assertThat(LibC.tryWrite(fd, buf, 8)).isEqualTo(-Errno.EBADF);
        }
        assertThatThrownBy(() -> LibC.close(fd, "twice")).isInstanceOfSatisfying(KernelCallException.class,
                e -> assertThat(e).hasMessage("close twice failed: EBADF (Bad file descriptor)"));
    }

    @Test
    void shouldNameThePathWhenOpenFails() {
        String missing = dir.resolve("missing").toString();
        assertThatThrownBy(() -> LibC.open(missing, LibC.O_RDONLY, 0))
                .isInstanceOf(KernelCallException.class)
                .hasMessage("open " + missing + " failed: ENOENT (No such file or directory)");
        assertThat(LibC.tryOpen(missing, LibC.O_RDONLY, 0)).isEqualTo(-Errno.ENOENT);
    }

    @Test
    void shouldRefuseUseOfANativeFdAfterCloseWithoutTouchingTheKernel() throws Exception {
        Path file = dir.resolve("g");
        Files.writeString(file, "x");
        NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDONLY);
        fd.close();
        fd.close(); // idempotent
        assertThat(fd.isClosed()).isTrue();
        assertThatThrownBy(fd::fd).isInstanceOf(ResourceClosedException.class).hasMessage(file + " is closed");
    }

    @Test
    void shouldMapAFileAndUnmapItWhenTheOwningArenaCloses() throws Exception {
        Path file = dir.resolve("mapped");
        Files.write(file, "0123456789abcdef".repeat(3 * 256).getBytes(StandardCharsets.US_ASCII));
        MemorySegment view;
        try (NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDONLY); Arena arena = Arena.ofShared()) {
            view = LibC.mmap(8192, LibC.PROT_READ, LibC.MAP_SHARED, fd.fd(), 4096, arena, file.toString());
            assertThat(view.byteSize()).isEqualTo(8192);
            assertThat((char) view.get(JAVA_BYTE, 0)).isEqualTo('0');
            assertThat((char) view.get(JAVA_BYTE, 8191)).isEqualTo('f');
        }
        assertThatThrownBy(() -> view.get(JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseToMapIntoAClosedArenaWithoutLeakingTheMapping() throws Exception {
        Path file = dir.resolve("closed-arena");
        Files.write(file, new byte[4096]);
        Arena closed = Arena.ofShared();
        closed.close();
        try (NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDONLY)) {
            assertThatThrownBy(() -> LibC.mmap(4096, LibC.PROT_READ, LibC.MAP_SHARED, fd.fd(), 0, closed, "f"))
                    .isInstanceOf(ResourceClosedException.class)
                    .hasMessage("the arena that would own the mapping of f is closed");
        }
        assertThat(Files.readString(Path.of("/proc/self/maps"))).doesNotContain(file.toString());
    }

    @Test
    void shouldRejectStringsThatCWouldCutAtANul() {
        assertThatThrownBy(() -> LibC.open(dir + "/a\0b", LibC.O_RDONLY, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path contains a NUL character at index");
        assertThatThrownBy(() -> TracefsWrite.write("/dev/null", "sched:sched_switch\0sched:*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tracefs command for /dev/null contains a NUL character at index 18: "
                        + "sched:sched_switch?sched:*");
    }

    @Test
    void shouldInsistOnAModeWhenCreatingAFile() {
        assertThatThrownBy(() -> NativeFd.open(dir.resolve("new").toString(), LibC.O_WRONLY | LibC.O_CREAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("O_CREAT needs a file mode: use open(path, flags, mode)");
    }

    @Test
    void shouldRejectPollArraysThatDoNotHoldTheIndexOrLiveOnTheHeap() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(PollFd.LAYOUT, 1);
            assertThatThrownBy(() -> PollFd.set(fds, 1, 0, PollFd.POLLIN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("pollfd index 1 outside an array of 1");
            assertThatThrownBy(() -> LibC.poll(MemorySegment.ofArray(new byte[8]), 1, 0, "heap"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the memory passed to poll must be native, not a heap segment");
        }
    }

    @Test
    void shouldReportMmapFailureWithLengthAndOffset() throws Exception {
        Path file = dir.resolve("unaligned");
        Files.writeString(file, "x");
        try (NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDONLY); Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> LibC.mmap(4096, LibC.PROT_READ, LibC.MAP_SHARED, fd.fd(), 123, arena, "f"))
                    .isInstanceOf(KernelCallException.class)
                    .hasMessage("mmap f (4096 bytes at offset 123) failed: EINVAL (Invalid argument)");
        }
    }

    @Test
    void shouldIoctlAndPollARegularFile() throws Exception {
        Path file = dir.resolve("five");
        Files.writeString(file, "12345");
        try (NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDONLY); Arena arena = Arena.ofConfined()) {
            MemorySegment available = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            long fionread = 0x541B;
            LibC.ioctl(fd.fd(), fionread, available, "FIONREAD " + file);
            assertThat(available.get(java.lang.foreign.ValueLayout.JAVA_INT, 0)).isEqualTo(5);

            long tcgets = 0x5401; // a terminal ioctl: a regular file answers ENOTTY
            assertThat(LibC.tryIoctl(fd.fd(), tcgets, 0)).isEqualTo(-Errno.ENOTTY);
            assertThatThrownBy(() -> LibC.ioctl(fd.fd(), tcgets, 0L, "TCGETS " + file))
                    .isInstanceOfSatisfying(KernelCallException.class,
                            e -> assertThat(e.errnoName()).isEqualTo("ENOTTY"));

            MemorySegment fds = arena.allocate(PollFd.LAYOUT, 2);
            PollFd.set(fds, 0, fd.fd(), PollFd.POLLIN);
            PollFd.set(fds, 1, 1_000_000, PollFd.POLLIN); // not open
            assertThat(LibC.poll(fds, 2, 0, "poll test")).isEqualTo(2);
            assertThat(PollFd.revents(fds, 0) & PollFd.POLLIN).isEqualTo(PollFd.POLLIN);
            assertThat(PollFd.revents(fds, 1)).isEqualTo(PollFd.POLLNVAL);
        }
    }

    @Test
    void shouldWakeAPollerThroughAnEventfdAndResetItOnRead() throws Exception {
        try (NativeFd efd = NativeFd.adopt(LibC.eventfd(0, LibC.EFD_NONBLOCK, "test"), "eventfd");
                Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(PollFd.LAYOUT, 1);
            PollFd.set(fds, 0, efd.fd(), PollFd.POLLIN);
            assertThat(LibC.poll(fds, 1, 0, "eventfd")).isZero();
            MemorySegment value = arena.allocate(java.lang.foreign.ValueLayout.JAVA_LONG);
            value.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 2);
            assertThat(LibC.write(efd.fd(), value, 8, "eventfd")).isEqualTo(8);
            assertThat(LibC.write(efd.fd(), value, 8, "eventfd")).isEqualTo(8);
            PollFd.set(fds, 0, efd.fd(), PollFd.POLLIN);
            assertThat(LibC.poll(fds, 1, 1000, "eventfd")).isEqualTo(1);
            assertThat(LibC.read(efd.fd(), value, 8, "eventfd")).isEqualTo(8);
            assertThat(value.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0)).isEqualTo(4);
            assertThat(LibC.tryRead(efd.fd(), value, 8)).isEqualTo(-Errno.EAGAIN);
        }
        assertThatThrownBy(() -> LibC.eventfd(0, 0x7fff0000, "bad flags"))
                .isInstanceOf(KernelCallException.class)
                .hasMessage("eventfd bad flags failed: EINVAL (Invalid argument)");
    }

    @Test
    void shouldReadClocksConsistentlyWithTheJvm() {
        long before = System.nanoTime();
        long monotonic = LibC.clockGettimeNanos(1);
        long after = System.nanoTime();
        assertThat(monotonic).isBetween(before, after); // System.nanoTime is CLOCK_MONOTONIC on Linux
        long realtime = LibC.clockGettimeNanos(0);
        assertThat(realtime / 1_000_000).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(1000L));
        assertThat(LibC.clockGettimeNanos(7)).isGreaterThanOrEqualTo(monotonic); // BOOTTIME >= MONOTONIC
        assertThatThrownBy(() -> LibC.clockGettimeNanos(12345))
                .isInstanceOf(KernelCallException.class)
                .hasMessage("clock_gettime clock id 12345 failed: EINVAL (Invalid argument)");
    }

    @Test
    void shouldAnswerSysconfLikeTheKernelFiles() throws Exception {
        assertThat(LibC.sysconf(LibC.SC_PAGESIZE)).isEqualTo(4096);
        assertThat(LibC.sysconf(LibC.SC_NPROCESSORS_ONLN)).isEqualTo(CpuSet.online().size());
        assertThat(LibC.sysconf(LibC.SC_CLK_TCK)).isEqualTo(100);
        assertThatThrownBy(() -> LibC.sysconf(-5)).isInstanceOf(KernelCallException.class)
                .hasMessageStartingWith("sysconf name -5 failed: EINVAL");
    }

    @Test
    void shouldReturnProcessAndThreadIdsAsProcSeesThem() throws Exception {
        assertThat(LibC.getpid()).isEqualTo((int) ProcessHandle.current().pid());
        AtomicReference<String> self = new AtomicReference<>();
        AtomicReference<Integer> tid = new AtomicReference<>();
        Thread t = new Thread(() -> {
            tid.set(LibC.gettid());
            try {
                self.set(Files.readSymbolicLink(Path.of("/proc/thread-self")).toString());
            } catch (Exception e) {
                self.set(e.toString());
            }
        });
        t.start();
        t.join();
        assertThat(self.get()).isEqualTo(LibC.getpid() + "/task/" + tid.get());
        assertThat(tid.get()).isNotEqualTo(LibC.getpid());
    }

    @Test
    void shouldPinAThreadToEachOnlineCpuAndReadItBack() throws Exception {
        CpuSet online = CpuSet.online();
        for (int cpu = online.next(0); cpu >= 0; cpu = online.next(cpu + 1)) {
            int target = cpu;
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    LibC.schedSetaffinity(0, CpuSet.of(target));
                    CpuSet now = LibC.schedGetaffinity(0);
                    String status = Files.readString(Path.of("/proc/thread-self/status"));
                    result.set(now + "|" + status.lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                            .findFirst().orElseThrow().split("\\s+")[1]);
                } catch (Exception e) {
                    result.set(e);
                }
            });
            t.start();
            t.join();
            assertThat(result.get()).isEqualTo(target + "|" + target);
        }
        assertThat(LibC.schedGetaffinity(0)).isNotNull();
    }

    @Test
    void shouldRefuseAnAffinityWithNoOnlineCpu() {
        int offline = CpuSet.possible().max() + 1;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                LibC.schedSetaffinity(0, CpuSet.of(offline));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(failure.get()).isInstanceOfSatisfying(KernelCallException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.operation()).isEqualTo("sched_setaffinity");
            assertThat(e.path()).isEqualTo("thread 0 to CPUs " + offline);
        });
    }

    @Test
    void shouldReportTheKernelThroughUname() throws Exception {
        Utsname.Info info = LibC.uname();
        assertThat(info.sysname()).isEqualTo("Linux");
        assertThat(info.release()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        assertThat(info.nodename()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        assertThat(info.version()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/version")).strip());
        assertThat(info.machine()).isEqualTo(System.getProperty("os.arch").equals("amd64") ? "x86_64"
                : System.getProperty("os.arch"));
    }

    @Test
    void shouldTranslateErrnoToText() {
        assertThat(LibC.strerror(Errno.ENOENT)).isEqualTo("No such file or directory");
        assertThat(LibC.strerror(99999)).isEqualTo("Unknown error 99999");
    }

    @Test
    void shouldRejectBuffersThatDoNotHoldTheCountInsteadOfOverrunningThem() throws Exception {
        Path file = dir.resolve("h");
        Files.writeString(file, "x".repeat(100));
        try (NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDONLY); Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(8);
            assertThatThrownBy(() -> LibC.read(fd.fd(), small, 100, "h"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("count 100 does not fit the buffer of 8 bytes");
            assertThatThrownBy(() -> LibC.read(fd.fd(), MemorySegment.ofArray(new byte[8]), 8, "h"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the buffer must be native memory, not a heap segment");
        }
    }

    @Test
    void shouldTurnAClosedBufferIntoAResourceClosedException() throws Exception {
        Path file = dir.resolve("i");
        Files.writeString(file, "x");
        Arena arena = Arena.ofShared();
        MemorySegment buf = arena.allocate(8);
        arena.close();
        try (NativeFd fd = NativeFd.open(file.toString(), LibC.O_RDONLY)) {
            assertThatThrownBy(() -> LibC.read(fd.fd(), buf, 8, "i"))
                    .isInstanceOf(ResourceClosedException.class)
                    .hasMessage("the memory passed to read is closed");
        }
    }

    @Test
    void shouldRunAsTheNamedCoreModuleWithNativeAccessEnabled() {
        // Tests run on the module path, so qualified exports and native access are the real ones.
        assertThat(LibC.class.getModule().getName()).isEqualTo("dev.jtrace.core");
        assertThat(NativeAccess.advice()).isEmpty();
    }

    @Test
    void shouldCreateAndRemoveADirectoryAndReportEexistEnoentAndEnotemptyAsNegativeErrno() throws Exception {
        String made = dir.resolve("made").toString();
        assertThat(LibC.tryMkdir(made, 0700)).isZero();
        assertThat(Files.isDirectory(Path.of(made))).isTrue();
        assertThat(LibC.tryMkdir(made, 0700)).isEqualTo(-Errno.EEXIST);
        Files.writeString(Path.of(made, "f"), "x");
        assertThat(Errno.name(-LibC.tryRmdir(made))).isEqualTo("ENOTEMPTY");
        Files.delete(Path.of(made, "f"));
        assertThat(LibC.tryRmdir(made)).isZero();
        assertThat(Files.exists(Path.of(made))).isFalse();
        assertThat(LibC.tryRmdir(made)).isEqualTo(-Errno.ENOENT);
        assertThatThrownBy(() -> LibC.tryMkdir(made + "\0x", 0700)).isInstanceOf(IllegalArgumentException.class);
    }
}
