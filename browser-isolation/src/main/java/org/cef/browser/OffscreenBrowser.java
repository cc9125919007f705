package org.cef.browser;

import org.cef.CefBrowserSettings;
import org.cef.CefClient;
import org.cef.handler.CefRenderHandler;
import org.cef.handler.CefScreenInfo;

import java.awt.Component;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A windowless Chromium browser whose pixels are handed to Java as ARGB frames. It lives in JCEF's
 * package because the input and resize methods of {@link CefBrowser_N} are package-visible, and
 * the stock off-screen browser only paints through an OpenGL canvas (see shared platform notes).
 */
public final class OffscreenBrowser extends CefBrowser_N implements CefRenderHandler {
    /** Receives each painted frame. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * A new frame: {@code pixels} holds the whole view (premultiplied ARGB, row after row) and
         * is valid only during this call, so copy what you keep; only the {@code dirty}
         * rectangles changed since the frame before.
         */
        void onFrame(int width, int height, Rectangle[] dirty, IntBuffer pixels);
    }

    private final CefRequestContext context;
    private final FrameSink sink;
    private volatile Rectangle view;
    private volatile boolean focused;

    public OffscreenBrowser(CefClient client, String url, CefRequestContext context, int width, int height, FrameSink sink) {
        super(client, url, context, null, null, new CefBrowserSettings());
        this.context = context;
        this.sink = sink;
        this.view = new Rectangle(0, 0, width, height);
    }

    @Override
    public void createImmediately() {
        createBrowser(getClient(), 0L, getUrl(), true, false, null, context);
    }

    @Override
    public Component getUIComponent() {
        return null;
    }

    @Override
    public CefRenderHandler getRenderHandler() {
        return this;
    }

    @Override
    protected CefBrowser_N createDevToolsBrowser(CefClient client, String url, CefRequestContext context,
                                                 CefBrowser_N parent, Point inspectAt) {
        // Developer tools would let anyone at the desk script the assistant's session.
        return null;
    }

    @Override
    public CompletableFuture<BufferedImage> createScreenshot(boolean nativeResolution) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("use the frame sink"));
    }

    /**
     * CEF calls back into setFocus when it gains focus; for a windowless browser that recursion
     * never ends, so repeated calls with the same value are ignored.
     */
    @Override
    public void setFocus(boolean enable) {
        if (focused == enable) {
            return;
        }
        focused = enable;
        super.setFocus(enable);
    }

    public void resize(int width, int height) {
        view = new Rectangle(0, 0, Math.max(1, width), Math.max(1, height));
        wasResized(view.width, view.height);
    }

    public void mouse(MouseEvent event) {
        sendMouseEvent(event);
    }

    public void wheel(MouseWheelEvent event) {
        sendMouseWheelEvent(event);
    }

    public void key(KeyEvent event) {
        sendKeyEvent(event);
    }

    @Override
    public Rectangle getViewRect(CefBrowser browser) {
        return view;
    }

    @Override
    public boolean getScreenInfo(CefBrowser browser, CefScreenInfo info) {
        info.Set(1.0, 32, 8, false, view, view);
        return true;
    }

    @Override
    public Point getScreenPoint(CefBrowser browser, Point viewPoint) {
        return viewPoint;
    }

    @Override
    public void onPaint(CefBrowser browser, boolean popup, Rectangle[] dirtyRects, ByteBuffer buffer, int width, int height) {
        if (popup) {
            return;
        }
        // BGRA bytes read little-endian are ARGB ints. The sink copies only what changed: a whole
        // frame copied per paint kept a core busy while the assistant worked.
        sink.onFrame(width, height, dirtyRects, buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer());
    }

    @Override
    public void onPopupShow(CefBrowser browser, boolean show) {
    }

    @Override
    public void onPopupSize(CefBrowser browser, Rectangle size) {
    }

    @Override
    public void addOnPaintListener(Consumer<CefPaintEvent> listener) {
    }

    @Override
    public void setOnPaintListener(Consumer<CefPaintEvent> listener) {
    }

    @Override
    public void removeOnPaintListener(Consumer<CefPaintEvent> listener) {
    }

    @Override
    public boolean onCursorChange(CefBrowser browser, int cursorType) {
        return true;
    }

    @Override
    public boolean startDragging(CefBrowser browser, org.cef.callback.CefDragData dragData, int mask, int x, int y) {
        // Dragging data out of the assistant's page would bypass the download gate.
        return false;
    }

    @Override
    public void updateDragCursor(CefBrowser browser, int operation) {
    }
}
