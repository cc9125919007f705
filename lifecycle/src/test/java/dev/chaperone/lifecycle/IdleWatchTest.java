package dev.chaperone.lifecycle;

import dev.chaperone.core.session.EndReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle watch's rules, with clocks the test sets. */
class IdleWatchTest {
    static final class SetClock implements IdleClock {
        final String name;
        Optional<Duration> idle = Optional.empty();

        SetClock(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<Duration> idleTime() {
            return idle;
        }

        void idle(long seconds) {
            idle = Optional.of(Duration.ofSeconds(seconds));
        }
    }

    final List<String> heard = new ArrayList<>();
    final IdleWatch.Listener listener = new IdleWatch.Listener() {
        @Override
        public void idleWarning(Duration left) {
            heard.add("warn " + left.toSeconds());
        }

        @Override
        public void back() {
            heard.add("back");
        }

        @Override
        public void leaving(Leaving leaving) {
            assertEquals(EndReason.IDLE_TIMEOUT, leaving.reason());
            heard.add("left via " + leaving.source());
        }
    };

    @Test
    void warnsThirtySecondsBeforeThenEndsOnce() {
        SetClock x11 = new SetClock("x11");
        IdleWatch watch = new IdleWatch(Duration.ofMinutes(5), List.of(x11), listener);
        x11.idle(200);
        watch.check();
        assertEquals(List.of(), heard);
        x11.idle(270);
        watch.check();
        x11.idle(290);
        watch.check();
        x11.idle(300);
        watch.check();
        x11.idle(400);
        watch.check();
        assertEquals(List.of("warn 30", "warn 10", "left via x11"), heard);
    }

    @Test
    void inputDuringTheWarningTakesItBackAndANewAbsenceEndsAgain() {
        SetClock x11 = new SetClock("x11");
        IdleWatch watch = new IdleWatch(Duration.ofMinutes(5), List.of(x11), listener);
        x11.idle(280);
        watch.check();
        x11.idle(1);
        watch.check();
        x11.idle(300);
        watch.check();
        // Still away: no second end for the same absence.
        x11.idle(330);
        watch.check();
        x11.idle(2);
        watch.check();
        x11.idle(301);
        watch.check();
        assertEquals(List.of("warn 20", "back", "left via x11", "left via x11"), heard);
    }

    @Test
    void theLongestIdleReadingWinsAndAFailingClockIsIgnored() {
        SetClock x11 = new SetClock("x11");
        SetClock logind = new SetClock("logind");
        IdleClock broken = new IdleClock() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Optional<Duration> idleTime() {
                throw new IllegalStateException("display gone");
            }
        };
        IdleWatch watch = new IdleWatch(Duration.ofMinutes(5), List.of(x11, broken, logind), listener);
        x11.idle(3);
        logind.idle(600);
        watch.check();
        assertEquals(List.of("left via logind"), heard);
    }

    @Test
    void idleTimeBeforeASessionStartedDoesNotCount() throws Exception {
        SetClock x11 = new SetClock("x11");
        IdleWatch watch = new IdleWatch(Duration.ofMillis(400), List.of(x11), listener);
        x11.idle(3600);
        watch.restart();
        watch.check();
        assertEquals(List.of(), heard, "an hour of quiet before the start ended the new session at once");
        Thread.sleep(450);
        watch.check();
        assertEquals(List.of("left via x11"), heard);
    }

    @Test
    void noClockThatCanTellMeansNoEndAndAShortTimeoutWarnsForHalfOfIt() {
        SetClock quiet = new SetClock("quiet");
        IdleWatch watch = new IdleWatch(Duration.ofSeconds(10), List.of(quiet), listener);
        watch.check();
        assertTrue(heard.isEmpty());
        assertEquals(Duration.ofSeconds(5), watch.warningLead());
        quiet.idle(6);
        watch.check();
        assertEquals(List.of("warn 4"), heard);
    }
}
