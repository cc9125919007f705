package dev.chaperone.browser.engine;

import org.cef.CefApp;
import org.cef.callback.CefCommandLine;
import org.cef.callback.CefSchemeRegistrar;
import org.cef.handler.CefAppHandler;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes {@code --no-sandbox} off the browser process's command line, so Chromium runs its own
 * sandbox for the children it can sandbox.
 *
 * <p>JCEF's native code sets {@code CefSettings.no_sandbox} unconditionally, and CEF turns that into
 * {@code --no-sandbox} before it lets the app see the command line. jcefmaven's app handler makes
 * that hook final, so this wraps the handler JCEF holds (a private static field of {@link CefApp})
 * with one that removes the switch after the original has run. If a JCEF update renames the
 * field, {@link #install()} says so and the engine runs every child in bubblewrap instead; the
 * launcher never lets a child that still carries the switch out of bubblewrap.
 */
public final class ChromiumSandboxSwitch implements CefAppHandler {
    private static final String NO_SANDBOX = "no-sandbox";
    private final CefAppHandler inner;

    private ChromiumSandboxSwitch(CefAppHandler inner) {
        this.inner = inner;
    }

    /** Installs the wrapper after jcefmaven's build() and before Chromium initialises; false when it could not. */
    public static boolean install() {
        try {
            Field field = CefApp.class.getDeclaredField("appHandler_");
            field.setAccessible(true);
            CefAppHandler current = (CefAppHandler) field.get(null);
            if (current == null) {
                return false;
            }
            if (!(current instanceof ChromiumSandboxSwitch)) {
                field.set(null, new ChromiumSandboxSwitch(current));
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void onBeforeCommandLineProcessing(String processType, CefCommandLine line) {
        inner.onBeforeCommandLineProcessing(processType, line);
        if (!processType.isEmpty() || !line.hasSwitch(NO_SANDBOX)) {
            return;
        }
        // CefCommandLine has no way to remove one switch: take all, reset, and put back the others.
        Map<String, String> switches = new LinkedHashMap<>(line.getSwitches());
        List<String> arguments = new ArrayList<>(line.getArguments());
        line.reset();
        switches.forEach((name, value) -> {
            if (name.equals(NO_SANDBOX)) {
                return;
            }
            if (value == null || value.isEmpty()) {
                line.appendSwitch(name);
            } else {
                line.appendSwitchWithValue(name, value);
            }
        });
        arguments.forEach(line::appendArgument);
    }

    @Override
    public boolean onBeforeTerminate() {
        return inner.onBeforeTerminate();
    }

    @Override
    public void stateHasChanged(CefApp.CefAppState state) {
        inner.stateHasChanged(state);
    }

    @Override
    public void onRegisterCustomSchemes(CefSchemeRegistrar registrar) {
        inner.onRegisterCustomSchemes(registrar);
    }

    @Override
    public void onContextInitialized() {
        inner.onContextInitialized();
    }

    @Override
    public void onScheduleMessagePumpWork(long delay) {
        inner.onScheduleMessagePumpWork(delay);
    }

    @Override
    public boolean onAlreadyRunningAppRelaunch(CefCommandLine line, String currentDirectory) {
        return inner.onAlreadyRunningAppRelaunch(line, currentDirectory);
    }
}
