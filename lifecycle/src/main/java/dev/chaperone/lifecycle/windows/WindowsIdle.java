package dev.chaperone.lifecycle.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinUser;
import dev.chaperone.lifecycle.IdleClock;

import java.time.Duration;
import java.util.Optional;

/** Windows idle time: {@code GetLastInputInfo} against {@code GetTickCount}, for this session's input. */
public final class WindowsIdle implements IdleClock {
    @Override
    public String name() {
        return "Windows idle (GetLastInputInfo)";
    }

    @Override
    public Optional<Duration> idleTime() {
        WinUser.LASTINPUTINFO info = new WinUser.LASTINPUTINFO();
        if (!User32.INSTANCE.GetLastInputInfo(info)) {
            return Optional.empty();
        }
        int now = Kernel32.INSTANCE.GetTickCount();
        return Optional.of(Duration.ofMillis(WindowsSessionEvents.idleMillis(now, info.dwTime)));
    }
}
