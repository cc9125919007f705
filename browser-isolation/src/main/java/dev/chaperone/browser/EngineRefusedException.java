package dev.chaperone.browser;

/** The engine may not start here: it cannot be contained, or it is older than IT allows. The message says what to do. */
public final class EngineRefusedException extends BrowserStartException {
    public EngineRefusedException(String message) {
        super(message);
    }
}
