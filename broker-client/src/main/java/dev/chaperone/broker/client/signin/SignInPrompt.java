package dev.chaperone.broker.client.signin;

import java.net.URI;
import java.time.Duration;

/**
 * How sign-in talks to the person: the window shows a device code, or the system browser opens.
 * Implemented by the app; tests answer the broker's login page themselves.
 */
public interface SignInPrompt {
    /** RFC 8628: tell the person where to go and which code to enter. */
    void showDeviceCode(URI verificationUri, URI verificationUriComplete, String userCode, Duration expiresIn);

    /** RFC 8252: open the broker's login page in the person's own browser. */
    void openBrowser(URI authorizationRequest);

    /** The sign-in finished, well or not: clear what was shown. */
    void done();
}
