package dev.chaperone.lifecycle.macos;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.chaperone.lifecycle.Leaving;
import dev.chaperone.lifecycle.LeavingSource;
import dev.chaperone.lifecycle.SourceUnavailableException;

import java.util.List;
import java.util.function.Consumer;

/**
 * macOS: an Objective-C observer, made at run time through the Objective-C runtime, registered
 * with the distributed notification center (screen locked, screen saver started) and with
 * NSWorkspace's center (sleep, user switch, power off). Notifications arrive on the main run loop,
 * which JavaFX runs on macOS. Compiled and its decoding tested on Linux; not run on macOS here.
 */
public final class MacSessionSource implements LeavingSource {
    interface ObjC extends Library {
        Pointer objc_getClass(String name);

        Pointer sel_registerName(String name);

        Pointer objc_msgSend(Pointer receiver, Pointer selector, Object... arguments);

        Pointer objc_allocateClassPair(Pointer superclass, String name, long extraBytes);

        void objc_registerClassPair(Pointer type);

        boolean class_addMethod(Pointer type, Pointer selector, Callback implementation, String types);
    }

    /** The observer's {@code -leaving:(NSNotification *)n} method. */
    public interface NotificationCallback extends Callback {
        void invoke(Pointer self, Pointer selector, Pointer notification);
    }

    private static final String OBSERVER_CLASS = "ChaperoneLeavingObserver";
    private ObjC objc;
    private Pointer observer;
    // Kept referenced: a collected JNA callback crashes the process when macOS calls it.
    private NotificationCallback callback;

    @Override
    public String name() {
        return "macOS session notifications";
    }

    @Override
    public boolean seesLocks() {
        return true;
    }

    @Override
    public void start(Consumer<Leaving> onLeaving) throws SourceUnavailableException {
        try {
            objc = Native.load("objc", ObjC.class);
            callback = (self, selector, notification) -> {
                String name = string(msg(notification, "name"));
                MacSessionEvents.decode(name).ifPresent(reason -> onLeaving.accept(Leaving.now(reason, name(), name)));
            };
            Pointer type = objc.objc_getClass(OBSERVER_CLASS);
            if (type == null) {
                type = objc.objc_allocateClassPair(objc.objc_getClass("NSObject"), OBSERVER_CLASS, 0);
                objc.class_addMethod(type, objc.sel_registerName("leaving:"), callback, "v@:@");
                objc.objc_registerClassPair(type);
            }
            observer = msg(msg(type, "alloc"), "init");
            Pointer distributed = msg(objc.objc_getClass("NSDistributedNotificationCenter"), "defaultCenter");
            observe(distributed, MacSessionEvents.DISTRIBUTED);
            Pointer workspace = msg(msg(objc.objc_getClass("NSWorkspace"), "sharedWorkspace"), "notificationCenter");
            observe(workspace, MacSessionEvents.WORKSPACE);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new SourceUnavailableException("macOS session notifications cannot be received: " + e.getMessage(), e);
        }
    }

    private void observe(Pointer center, List<String> names) {
        for (String name : names) {
            objc.objc_msgSend(center, objc.sel_registerName("addObserver:selector:name:object:"), observer,
                    objc.sel_registerName("leaving:"), nsString(name), Pointer.NULL);
        }
    }

    private Pointer msg(Pointer receiver, String selector) {
        return objc.objc_msgSend(receiver, objc.sel_registerName(selector));
    }

    private Pointer nsString(String text) {
        return objc.objc_msgSend(objc.objc_getClass("NSString"), objc.sel_registerName("stringWithUTF8String:"), text);
    }

    private String string(Pointer nsString) {
        Pointer utf8 = msg(nsString, "UTF8String");
        return utf8 == null ? "" : utf8.getString(0, "UTF-8");
    }

    @Override
    public void close() {
        if (observer != null) {
            Pointer distributed = msg(objc.objc_getClass("NSDistributedNotificationCenter"), "defaultCenter");
            objc.objc_msgSend(distributed, objc.sel_registerName("removeObserver:"), observer);
            Pointer workspace = msg(msg(objc.objc_getClass("NSWorkspace"), "sharedWorkspace"), "notificationCenter");
            objc.objc_msgSend(workspace, objc.sel_registerName("removeObserver:"), observer);
            observer = null;
        }
    }
}
