package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopSignalTest {

    @Test
    void shouldTurnARealSigtermIntoAStopRequestAndRunTheWakeUpAction() throws Exception {
        CountDownLatch woken = new CountDownLatch(1);
        try (StopSignal signal = StopSignal.install()) {
            signal.onStop(woken::countDown);
            assertThat(signal.stopRequested()).isFalse();
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid()))
                    .inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(signal.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(signal.signalName()).isEqualTo("SIGTERM");
        }
    }

    @Test
    void shouldRunAWakeUpActionSetAfterTheStopAtOnce() {
        try (StopSignal signal = StopSignal.install()) {
            signal.requestStop();
            boolean[] ran = {false};
            signal.onStop(() -> ran[0] = true);
            assertThat(ran[0]).isTrue();
            assertThat(signal.signalName()).isNull();
        }
    }
}
