package dev.chaperone.browser;

import dev.chaperone.core.gate.Initiator;

/**
 * Who gave the browser its latest input: the person in the view, or an assistant's tool. A
 * navigation that Chromium reports as started by a user gesture shortly after is theirs, so what
 * the person does themselves is never put on the assistant (and the reverse).
 */
final class InputOrigin {
    /** How long after an input a gesture-started navigation is still that input's doing. */
    static final long WINDOW_NANOS = 2_000_000_000L;

    private volatile Initiator latest = Initiator.BROWSER;
    private volatile long at;
    private volatile String expectedUrl;
    private volatile String element;
    private volatile boolean approved;
    private final java.util.concurrent.atomic.AtomicReference<String> approvedNavigation = new java.util.concurrent.atomic.AtomicReference<>();

    /** The person's own input in the view: theirs, and so approved by them. */
    void input(Initiator from) {
        input(from, null, from.kind() == Initiator.Kind.PERSON);
    }

    /**
     * An input on a named element (a tool's click), so that what it sets off can say what was
     * clicked; {@code approvedByPerson} when the person allowed this very input (a risky click).
     */
    void input(Initiator from, String elementLabel, boolean approvedByPerson) {
        latest = from;
        element = elementLabel;
        approved = approvedByPerson;
        at = System.nanoTime();
    }

    /** The element the latest input (within the window) was on, if it named one. */
    java.util.Optional<String> lastElement() {
        return System.nanoTime() - at < WINDOW_NANOS ? java.util.Optional.ofNullable(element) : java.util.Optional.empty();
    }

    /** The latest input's source if it was just now; what a page sends on its own is the browser's. */
    Initiator recentOrBrowser() {
        return System.nanoTime() - at < WINDOW_NANOS ? latest : Initiator.BROWSER;
    }

    /**
     * A navigation an input asked for by address (a tool's navigate or back): Chromium reports it
     * without a user gesture, so it is recognised by its address instead.
     */
    void navigation(Initiator from, String url) {
        input(from, null, false);
        expectedUrl = url;
    }

    /**
     * Whether this page load is the one navigation an input the person made or approved set off
     * (the person's own click on a link, or an assistant's click they allowed): that one request
     * may carry a token with the task's write scopes, such as an export's. Answers yes once.
     */
    boolean takeApprovedNavigation(String url) {
        String current = approvedNavigation.get();
        return current != null && current.equals(address(url)) && approvedNavigation.compareAndSet(current, null);
    }

    /** Chromium writes {@code http://host} as {@code http://host/}; the fragment never reaches the network. */
    private static String address(String url) {
        int hash = url.indexOf('#');
        String bare = hash >= 0 ? url.substring(0, hash) : url;
        int scheme = bare.indexOf("://");
        return scheme >= 0 && bare.indexOf('/', scheme + 3) < 0 ? bare + "/" : bare;
    }

    /** Who started a navigation: the latest input's source if it was a gesture just after it, else the browser. */
    Initiator of(boolean userGesture, String url) {
        boolean recent = System.nanoTime() - at < WINDOW_NANOS;
        if (recent && expectedUrl != null && address(url).equals(address(expectedUrl))) {
            expectedUrl = null;
            return latest;
        }
        if (userGesture && recent && approved) {
            // One navigation per approval: the one this gesture started.
            approved = false;
            approvedNavigation.set(address(url));
        }
        return userGesture && recent ? latest : Initiator.BROWSER;
    }
}
