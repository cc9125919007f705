package dev.chaperone.app.testing;

import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Waiting for the real app without sleeping a fixed time, and reading JavaFX state on its thread. */
public final class Waits {
    public static final Duration WAIT = Duration.ofSeconds(30);

    private Waits() {
    }

    /** Polls until the condition holds (an exception counts as not yet); fails naming what was awaited. */
    public static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> {
                try {
                    return condition.call();
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting until " + what);
        }
    }

    /** Waits until the audit file holds exactly these event types, in this order. */
    public static void waitForAuditTypes(java.nio.file.Path auditFile, java.util.List<String> expected) throws Exception {
        waitUntil("the audit holds " + expected, () -> {
            try (dev.chaperone.audit.AuditFile audit = dev.chaperone.audit.AuditFile.open(auditFile)) {
                return audit.rows().stream().map(dev.chaperone.audit.AuditRow::type).toList().equals(expected);
            }
        });
    }

    public static <T> T onFx(Callable<T> action) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return action.call();
        }
        return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
    }

    /** {@code expected} appears in {@code actual} in this order, other rows allowed in between. */
    public static void assertInOrder(java.util.List<String> actual, java.util.List<String> expected) {
        java.util.List<String> remaining = new java.util.ArrayList<>(actual);
        for (String type : expected) {
            int at = remaining.indexOf(type);
            org.junit.jupiter.api.Assertions.assertNotEquals(-1, at, "missing " + type + " (in order) in " + actual);
            remaining = new java.util.ArrayList<>(remaining.subList(at + 1, remaining.size()));
        }
    }
}
