package dev.chaperone.lifecycle.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.platform.win32.Wtsapi32;
import dev.chaperone.lifecycle.Leaving;
import dev.chaperone.lifecycle.LeavingSource;
import dev.chaperone.lifecycle.SourceUnavailableException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Windows: a hidden message-only window registered with {@code WTSRegisterSessionNotification}
 * receives lock, logoff and disconnects ({@code WM_WTSSESSION_CHANGE}), suspend
 * ({@code WM_POWERBROADCAST}) and logoff or shutdown ({@code WM_QUERYENDSESSION}), on a thread
 * of its own that runs the window's message loop. Compiled and its decoding tested on Linux; not
 * run on Windows here (see README).
 */
public final class WindowsSessionSource implements LeavingSource {
    private static final String WINDOW_CLASS = "ChaperoneSessionWatch";
    private volatile WinDef.HWND window;
    private Thread loop;
    // Kept referenced: JNA callbacks that are collected crash the process when called.
    private WinUser.WindowProc procedure;

    @Override
    public String name() {
        return "Windows session notifications";
    }

    @Override
    public boolean seesLocks() {
        return true;
    }

    @Override
    public void start(Consumer<Leaving> onLeaving) throws SourceUnavailableException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        procedure = (hwnd, message, wParam, lParam) -> {
            long w = wParam.longValue();
            WindowsSessionEvents.decode(message, w).ifPresent(reason ->
                    onLeaving.accept(Leaving.now(reason, name(), WindowsSessionEvents.describe(message, w))));
            return User32.INSTANCE.DefWindowProc(hwnd, message, wParam, lParam);
        };
        loop = new Thread(() -> {
            try {
                // An HMODULE is an HINSTANCE: this process's own module.
                WinDef.HINSTANCE instance = Kernel32.INSTANCE.GetModuleHandle(null);
                WinUser.WNDCLASSEX type = new WinUser.WNDCLASSEX();
                type.hInstance = instance;
                type.lpfnWndProc = procedure;
                type.lpszClassName = WINDOW_CLASS;
                User32.INSTANCE.RegisterClassEx(type);
                window = User32.INSTANCE.CreateWindowEx(0, WINDOW_CLASS, "Chaperone", 0, 0, 0, 0, 0,
                        WinUser.HWND_MESSAGE, null, instance, null);
                if (window == null || !Wtsapi32.INSTANCE.WTSRegisterSessionNotification(window, Wtsapi32.NOTIFY_FOR_THIS_SESSION)) {
                    ready.completeExceptionally(new IllegalStateException("WTSRegisterSessionNotification failed (error "
                            + Kernel32.INSTANCE.GetLastError() + ")"));
                    return;
                }
                ready.complete(null);
                WinUser.MSG msg = new WinUser.MSG();
                while (User32.INSTANCE.GetMessage(msg, null, 0, 0) > 0) {
                    User32.INSTANCE.TranslateMessage(msg);
                    User32.INSTANCE.DispatchMessage(msg);
                }
            } catch (Throwable e) {
                ready.completeExceptionally(e);
            }
        }, "chaperone-windows-session-watch");
        loop.setDaemon(true);
        loop.start();
        try {
            ready.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new SourceUnavailableException("Windows session notifications cannot be received: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        WinDef.HWND w = window;
        if (w != null) {
            window = null;
            Wtsapi32.INSTANCE.WTSUnRegisterSessionNotification(w);
            // WM_CLOSE ends the loop's window; the loop thread is a daemon either way.
            User32.INSTANCE.PostMessage(w, WinUser.WM_CLOSE, new WinDef.WPARAM(0), new WinDef.LPARAM(0));
        }
    }
}
