package dev.chaperone.browser.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether containment can be had, tried for real with bubblewrap (CI installs it). */
class EngineSandboxTest {
    @Test
    void onThisMachineBubblewrapMakesASandboxAndChromiumsOwnRunsUnlessRoot() {
        Availability here = EngineSandbox.check();
        assertTrue(here.osSandbox(), here.missing());
        assertEquals(!EngineSandbox.isRoot(), here.chromiumSandbox(), here.whyNoChromiumSandbox());
    }

    @Test
    void withoutBubblewrapNothingIsContainedAndITIsToldWhichPackage() {
        Availability none = EngineSandbox.check(List.of("/nonexistent/bwrap"), false);
        assertFalse(none.osSandbox());
        assertFalse(none.chromiumSandbox());
        assertEquals("bubblewrap is not installed (/nonexistent/bwrap)", none.missing());
        assertTrue(none.remedy().contains("apt-get install bubblewrap"), none.remedy());
    }

    @Test
    void whereNoUserNamespaceMayBeMadeTheTrialFailsAndITIsToldAboutUserNamespaces() {
        // A real namespace that may make no other (bubblewrap's own --disable-userns): the trial
        // inside it meets the kernel's refusal, as on a machine with user namespaces turned off.
        Availability none = EngineSandbox.check(List.of(EngineSandbox.BWRAP.toString(), "--unshare-user", "--disable-userns",
                "--dev-bind", "/", "/", EngineSandbox.BWRAP.toString()), false);
        assertFalse(none.osSandbox());
        assertTrue(none.missing().startsWith("bubblewrap cannot make a sandbox here ("), none.missing());
        assertTrue(none.remedy().contains("user namespaces"), none.remedy());
        assertTrue(none.remedy().contains("AppArmor"), none.remedy());
    }
}
