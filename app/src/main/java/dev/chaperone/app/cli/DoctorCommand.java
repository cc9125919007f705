package dev.chaperone.app.cli;

import dev.chaperone.app.EngineChoice;
import dev.chaperone.browser.engine.Availability;
import dev.chaperone.browser.engine.EngineAdmission;
import dev.chaperone.browser.engine.EngineCheck;
import dev.chaperone.browser.engine.EngineSandbox;
import dev.chaperone.browser.engine.EngineSettings;
import dev.chaperone.browser.engine.EngineVersion;
import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * {@code chaperone doctor}: whether sessions can start on this computer, and if not, exactly
 * what is missing and what IT can do. Starts no browser.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check that the assistant's browser can run contained here. Exit code 0: sessions can start; "
                + "1: they cannot (the output says why and what to do); 2: the configuration is broken.")
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    ConfigFiles files = new ConfigFiles();

    @Override
    public Integer call() {
        ChaperoneConfig config;
        try {
            config = files.load();
        } catch (ConfigException e) {
            System.out.println("configuration: BROKEN: " + e.getMessage());
            return 2;
        }
        EngineSettings settings = EngineChoice.settings(config);
        EngineCheck check = EngineCheck.now(settings);
        EngineVersion engine = check.engine();
        LocalDate today = check.today();
        Availability available = check.available();
        System.out.println("engine:        " + engine.describe(today) + " (CEF " + engine.cef() + ")");
        System.out.println("age limit:     " + settings.maxEngineAgeDays().map(d -> d + " days (IT's browser.maxEngineAgeDays)")
                .orElse("none set (IT may set browser.maxEngineAgeDays)"));
        System.out.println("os sandbox:    " + (available.osSandbox() ? "yes, bubblewrap (" + EngineSandbox.BWRAP + ")"
                : "MISSING: " + available.missing()));
        System.out.println("chromium's own sandbox: " + (available.chromiumSandbox() ? "yes (seccomp-bpf, namespaces)"
                : "no: " + available.whyNoChromiumSandbox()));
        System.out.println("uncontained allowed by IT: " + (settings.allowUncontained() ? "YES (browser.allowUncontained)" : "no"));
        System.out.println("jitless JavaScript: " + (settings.jitless() ? "yes" : "no"));
        EngineAdmission admission = check.admission();
        if (admission instanceof EngineAdmission.Admitted admitted) {
            System.out.println("sessions:      can start; the engine runs " + admitted.containment().summary());
            if (!admitted.containment().contained()) {
                System.out.println("               every session's banner and audit say the engine is not contained");
            }
            return 0;
        }
        System.out.println("sessions:      REFUSED. " + ((EngineAdmission.Refused) admission).reason());
        return 1;
    }
}
