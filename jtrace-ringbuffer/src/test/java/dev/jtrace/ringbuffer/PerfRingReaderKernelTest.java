package dev.jtrace.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventRecord;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A perf ring filled by a tracepoint the test triggers itself, read back exactly. */
@RequiresKernel({KernelFacility.PERF_EVENT_OPEN, KernelFacility.TRACEFS_MOUNTED})
class PerfRingReaderKernelTest {
    private static final int SAMPLE = 9;
    private static final int LOST = 2;

    @Test
    void shouldReadEverySampleOfASmallRingAcrossManyWrapArounds() throws Exception {
        int tid = LibC.gettid();
        long pageSize = LibC.sysconf(LibC.SC_PAGESIZE);
        try (PerfTracepoint tp = PerfTracepoint.sysEnterIoctl(false); Arena arena = Arena.ofShared()) {
            // Mapped by the test, as jtrace-perf will map its own rings: 1 + 2 pages.
            MemorySegment mapping = LibC.mmap(3 * pageSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED,
                    tp.fd.fd(), 0, arena, "perf ring");
            try (PerfRingReader ring = PerfRingReader.wrap(mapping, false)) {
                assertThat(ring.dataSize()).isEqualTo(2 * pageSize);
                PerfRecord record = new PerfRecord();
                EventRecord raw = new EventRecord();
                long expected = 0;
                long straddling = 0;
                long previousTime = 0;
                tp.enable();
                for (int round = 0; round < 40; round++) {
                    PerfTracepoint.hit(round * 60L, 60);
                    while (ring.next(record)) {
                        assertThat(record.type()).isEqualTo(SAMPLE);
                        assertThat(record.s32(PerfTracepoint.TID)).isEqualTo(tid);
                        assertThat(tp.seq(record, raw)).isEqualTo(expected++);
                        assertThat(record.u64(PerfTracepoint.TIME)).isGreaterThanOrEqualTo(previousTime);
                        previousTime = record.u64(PerfTracepoint.TIME);
                        if ((record.position() & (ring.dataSize() - 1)) + record.size() > ring.dataSize()) {
                            straddling++;
                            assertThat(record.segment()).isNotEqualTo(mapping.asSlice(pageSize));
                        }
                    }
                }
                tp.disable();
                // The disabling ioctl is itself a sys_enter_ioctl hit (on the perf fd, not -1).
                assertThat(ring.next(record)).isTrue();
                assertThat(tp.seq(record, raw)).isEqualTo(-1);
                assertThat(ring.next(record)).isFalse();
                assertThat(expected).isEqualTo(2400);
                assertThat(straddling).as("records copied because they wrap the ring's end").isPositive();
                assertThat(ring.lostRecords()).isZero();
                assertThat(ring.availableBytes()).isZero();
            }
        }
    }

    @Test
    void shouldCountTheSamplesAFullRingLostExactly() throws Exception {
        try (PerfTracepoint tp = PerfTracepoint.sysEnterIoctl(false); PerfRingReader ring = PerfRingReader.map(tp.fd.fd(), 2, false)) {
            PerfRecord record = new PerfRecord();
            EventRecord raw = new EventRecord();
            tp.enable();
            PerfTracepoint.hit(0, 1000);
            long read = 0;
            while (ring.next(record)) {
                assertThat(tp.seq(record, raw)).isEqualTo(read++);
            }
            PerfTracepoint.hit(1000, 1); // the kernel reports the loss before its next sample
            List<Integer> types = new ArrayList<>();
            long lastSeq = -1;
            while (ring.next(record)) {
                types.add(record.type());
                if (record.type() == SAMPLE) {
                    lastSeq = tp.seq(record, raw);
                }
            }
            tp.disable();
            assertThat(types).containsExactly(LOST, SAMPLE);
            assertThat(lastSeq).isEqualTo(1000);
            assertThat(read).isBetween(50L, 200L);
            assertThat(ring.lostRecords()).isEqualTo(1000 - read);
        }
    }

    @Test
    void shouldSnapshotTheNewestSamplesOfABackwardRingOldestFirst() throws Exception {
        try (PerfTracepoint tp = PerfTracepoint.sysEnterIoctl(true); PerfRingReader ring = PerfRingReader.map(tp.fd.fd(), 2, true)) {
            assertThat(ring.isBackward()).isTrue();
            EventRecord raw = new EventRecord();
            tp.enable();
            PerfTracepoint.hit(0, 1000);
            // Every snapshot's PERF_EVENT_IOC_PAUSE_OUTPUT call is an ioctl too, recorded on entry
            // before it pauses the ring (-1: not ours); the resume call comes while paused, so the
            // kernel counts it lost and writes a PERF_RECORD_LOST of 1 (-3) with the next record.
            List<Long> first = new ArrayList<>();
            assertThat(ring.snapshot(r -> first.add(tp.seq(r, raw)))).isEqualTo(first.size());
            assertThat(first.get(first.size() - 1)).isEqualTo(-1L);
            List<Long> firstOurs = withoutOtherIoctls(first);
            assertThat(firstOurs.size()).isBetween(50, 200);
            for (int i = 0; i < firstOurs.size(); i++) {
                assertThat(firstOurs.get(i)).isEqualTo(1000L - firstOurs.size() + i);
            }
            List<Long> again = new ArrayList<>();
            ring.snapshot(r -> again.add(tp.seq(r, raw)));
            // The records stay in the ring: the same again, less the oldest overwritten since.
            List<Long> againOurs = withoutOtherIoctls(again);
            assertThat(againOurs.remove(againOurs.size() - 1)).isEqualTo(-3L);
            assertThat(againOurs).isEqualTo(firstOurs.subList(firstOurs.size() - againOurs.size(), firstOurs.size()));
            assertThat(againOurs.size()).isBetween(firstOurs.size() - 3, firstOurs.size() - 1);
            PerfTracepoint.hit(1000, 10); // the output was resumed after the snapshot
            List<Long> later = new ArrayList<>();
            ring.snapshot(r -> later.add(tp.seq(r, raw)));
            tp.disable();
            List<Long> laterOurs = withoutOtherIoctls(later);
            assertThat(laterOurs.subList(laterOurs.size() - 12, laterOurs.size()))
                    .containsExactly(-3L, -3L, 1000L, 1001L, 1002L, 1003L, 1004L, 1005L, 1006L, 1007L, 1008L, 1009L);
            List<Long> before = laterOurs.subList(0, laterOurs.size() - 12);
            assertThat(before).isNotEmpty();
            for (int i = 1; i < before.size(); i++) {
                assertThat(before.get(i)).isEqualTo(before.get(i - 1) + 1);
            }
            assertThat(before.get(before.size() - 1)).isEqualTo(999L);
        }
    }

    private static List<Long> withoutOtherIoctls(List<Long> seqs) {
        return new ArrayList<>(seqs.stream().filter(s -> s != -1L).toList());
    }
}
