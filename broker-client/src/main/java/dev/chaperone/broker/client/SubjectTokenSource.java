package dev.chaperone.broker.client;

import dev.chaperone.core.token.TokenBrokerException;

/** Where the human's current access token (the exchange's subject token) comes from. */
@FunctionalInterface
public interface SubjectTokenSource {
    String currentToken() throws TokenBrokerException;
}
