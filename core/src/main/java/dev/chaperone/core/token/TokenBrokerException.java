package dev.chaperone.core.token;

/** The broker could not be reached or did not give a usable answer. The message is for people. */
public class TokenBrokerException extends Exception {
    public TokenBrokerException(String message) {
        super(message);
    }

    public TokenBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
