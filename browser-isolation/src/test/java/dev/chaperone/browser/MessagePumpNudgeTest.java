package dev.chaperone.browser;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagePumpNudgeTest {

    @Test
    void aRequestForWorkNowKeepsTheLoopTurningOneTurnAtATime() throws Exception {
        CountDownLatch turns = new CountDownLatch(5);
        AtomicInteger pending = new AtomicInteger();
        AtomicInteger mostPending = new AtomicInteger();
        try (MessagePumpNudge nudge = new MessagePumpNudge(() -> {
            // As JCEF's turn does: queued on the event thread, run there later.
            mostPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
            javax.swing.SwingUtilities.invokeLater(() -> {
                pending.decrementAndGet();
                turns.countDown();
            });
        })) {
            nudge.workRequested(0);
            assertTrue(turns.await(10, TimeUnit.SECONDS), "the loop was not turned while Chromium was busy");
        }
        assertEquals(1, mostPending.get(), "a second turn was queued before the first had run");
    }
}
