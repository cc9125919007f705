package dev.chaperone.app.ui;

import dev.chaperone.browser.IsolatedBrowser;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;
import org.cef.browser.OffscreenBrowser;

import javax.swing.SwingUtilities;
import java.awt.Canvas;
import java.awt.Rectangle;
import java.awt.event.InputEvent;
import java.nio.IntBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shows the assistant's off-screen browser inside the window and passes the person's mouse and
 * keys to it. Frames arrive on Chromium's thread, which copies the parts that changed into a
 * frame of its own; the window's thread then shows those parts, all that changed since it last
 * looked at once.
 */
public final class BrowserView extends StackPane implements OffscreenBrowser.FrameSink {

    // AWT events need a source component; this one is never shown.
    private static final Canvas EVENT_SOURCE = new Canvas();

    private final ImageView image = new ImageView();
    private final AtomicBoolean paintQueued = new AtomicBoolean();
    private final Object frameLock = new Object();
    // Guarded by frameLock: Chromium's latest frame and the part of it not yet shown.
    private int[] frame = new int[0];
    private int frameWidth;
    private int frameHeight;
    private Rectangle unshown;
    private PixelBuffer<IntBuffer> pixels;
    private volatile IsolatedBrowser browser;
    private volatile long framesPainted;

    public BrowserView() {
        setId("assistant-browser");
        getChildren().add(image);
        // The page takes what room is left after the banner and notice, and follows the window's size.
        setAlignment(javafx.geometry.Pos.TOP_LEFT);
        setMinSize(0, 0);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        layoutBoundsProperty().addListener((obs, old, bounds) -> resizeBrowser());
        image.setPreserveRatio(false);
        setFocusTraversable(true);
        image.addEventHandler(MouseEvent.ANY, this::onMouse);
        image.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        addEventHandler(KeyEvent.ANY, this::onKey);
    }

    public ImageView imageView() {
        return image;
    }

    public void attach(IsolatedBrowser browser) {
        this.browser = browser;
        Platform.runLater(this::resizeBrowser);
    }

    private void resizeBrowser() {
        IsolatedBrowser target = browser;
        int width = (int) getWidth();
        int height = (int) getHeight();
        if (target != null && width > 0 && height > 0) {
            SwingUtilities.invokeLater(() -> target.resize(width, height));
        }
    }

    public void detach() {
        this.browser = null;
    }

    public long framesPainted() {
        return framesPainted;
    }

    @Override
    public void onFrame(int width, int height, Rectangle[] dirty, IntBuffer source) {
        synchronized (frameLock) {
            Rectangle whole = new Rectangle(0, 0, width, height);
            Rectangle[] changed = dirty;
            if (width != frameWidth || height != frameHeight) {
                frame = new int[width * height];
                frameWidth = width;
                frameHeight = height;
                changed = new Rectangle[]{whole};
            }
            for (Rectangle d : changed) {
                Rectangle r = d.intersection(whole);
                if (r.isEmpty()) {
                    continue;
                }
                for (int y = r.y; y < r.y + r.height; y++) {
                    source.get(y * width + r.x, frame, y * width + r.x, r.width);
                }
                unshown = unshown == null ? r : unshown.union(r);
            }
        }
        if (paintQueued.compareAndSet(false, true)) {
            Platform.runLater(this::paint);
        }
    }

    private void paint() {
        paintQueued.set(false);
        synchronized (frameLock) {
            if (unshown == null) {
                return;
            }
            if (pixels == null || pixels.getWidth() != frameWidth || pixels.getHeight() != frameHeight) {
                pixels = new PixelBuffer<>(frameWidth, frameHeight, IntBuffer.allocate(frameWidth * frameHeight),
                        PixelFormat.getIntArgbPreInstance());
                image.setImage(new WritableImage(pixels));
                unshown = new Rectangle(0, 0, frameWidth, frameHeight);
            }
            Rectangle r = unshown;
            unshown = null;
            IntBuffer shown = pixels.getBuffer();
            for (int y = r.y; y < r.y + r.height; y++) {
                shown.put(y * frameWidth + r.x, frame, y * frameWidth + r.x, r.width);
            }
            pixels.updateBuffer(b -> new Rectangle2D(r.x, r.y, r.width, r.height));
        }
        framesPainted++;
    }

    private void onMouse(MouseEvent e) {
        IsolatedBrowser target = browser;
        int id = awtMouseId(e);
        if (target == null || id == 0) {
            return;
        }
        if (e.getEventType() == MouseEvent.MOUSE_PRESSED) {
            requestFocus();
        }
        java.awt.event.MouseEvent awt = new java.awt.event.MouseEvent(EVENT_SOURCE, id, System.currentTimeMillis(),
                modifiers(e), (int) e.getX(), (int) e.getY(), Math.max(e.getClickCount(), id == java.awt.event.MouseEvent.MOUSE_MOVED ? 0 : 1),
                false, awtButton(e.getButton()));
        SwingUtilities.invokeLater(() -> target.mouse(awt));
    }

    private void onScroll(ScrollEvent e) {
        IsolatedBrowser target = browser;
        if (target == null) {
            return;
        }
        int rotation = e.getDeltaY() > 0 ? -1 : 1;
        java.awt.event.MouseWheelEvent awt = new java.awt.event.MouseWheelEvent(EVENT_SOURCE,
                java.awt.event.MouseEvent.MOUSE_WHEEL, System.currentTimeMillis(), 0, (int) e.getX(), (int) e.getY(),
                0, false, java.awt.event.MouseWheelEvent.WHEEL_UNIT_SCROLL, 3, rotation);
        SwingUtilities.invokeLater(() -> target.wheel(awt));
    }

    private void onKey(KeyEvent e) {
        IsolatedBrowser target = browser;
        if (target == null) {
            return;
        }
        java.awt.event.KeyEvent awt;
        if (e.getEventType() == KeyEvent.KEY_TYPED) {
            if (e.getCharacter().isEmpty()) {
                return;
            }
            awt = new java.awt.event.KeyEvent(EVENT_SOURCE, java.awt.event.KeyEvent.KEY_TYPED, System.currentTimeMillis(),
                    keyModifiers(e), java.awt.event.KeyEvent.VK_UNDEFINED, e.getCharacter().charAt(0));
        } else {
            int id = e.getEventType() == KeyEvent.KEY_PRESSED ? java.awt.event.KeyEvent.KEY_PRESSED : java.awt.event.KeyEvent.KEY_RELEASED;
            // JavaFX key codes carry AWT's virtual key numbers.
            awt = new java.awt.event.KeyEvent(EVENT_SOURCE, id, System.currentTimeMillis(), keyModifiers(e),
                    e.getCode().getCode(), java.awt.event.KeyEvent.CHAR_UNDEFINED);
        }
        e.consume();
        SwingUtilities.invokeLater(() -> target.key(awt));
    }

    private static int awtMouseId(MouseEvent e) {
        if (e.getEventType() == MouseEvent.MOUSE_PRESSED) {
            return java.awt.event.MouseEvent.MOUSE_PRESSED;
        } else if (e.getEventType() == MouseEvent.MOUSE_RELEASED) {
            return java.awt.event.MouseEvent.MOUSE_RELEASED;
        } else if (e.getEventType() == MouseEvent.MOUSE_MOVED) {
            return java.awt.event.MouseEvent.MOUSE_MOVED;
        } else if (e.getEventType() == MouseEvent.MOUSE_DRAGGED) {
            return java.awt.event.MouseEvent.MOUSE_DRAGGED;
        } else if (e.getEventType() == MouseEvent.MOUSE_EXITED) {
            return java.awt.event.MouseEvent.MOUSE_EXITED;
        }
        return 0;
    }

    private static int awtButton(MouseButton button) {
        return switch (button) {
            case PRIMARY -> java.awt.event.MouseEvent.BUTTON1;
            case MIDDLE -> java.awt.event.MouseEvent.BUTTON2;
            case SECONDARY -> java.awt.event.MouseEvent.BUTTON3;
            default -> java.awt.event.MouseEvent.NOBUTTON;
        };
    }

    private static int modifiers(MouseEvent e) {
        int m = 0;
        if (e.isPrimaryButtonDown() || e.getButton() == MouseButton.PRIMARY) {
            m |= InputEvent.BUTTON1_DOWN_MASK;
        }
        if (e.isSecondaryButtonDown()) {
            m |= InputEvent.BUTTON3_DOWN_MASK;
        }
        if (e.isShiftDown()) {
            m |= InputEvent.SHIFT_DOWN_MASK;
        }
        if (e.isControlDown()) {
            m |= InputEvent.CTRL_DOWN_MASK;
        }
        return m;
    }

    private static int keyModifiers(KeyEvent e) {
        int m = 0;
        if (e.isShiftDown()) {
            m |= InputEvent.SHIFT_DOWN_MASK;
        }
        if (e.isControlDown()) {
            m |= InputEvent.CTRL_DOWN_MASK;
        }
        if (e.isAltDown()) {
            m |= InputEvent.ALT_DOWN_MASK;
        }
        return m;
    }
}
