package dev.lever.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer API key presented with a request, on its way to {@link ApiKeyIdentityProvider}. */
final class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    ApiKeyRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    /** Never the key: a request object may end up in a log line. */
    @Override
    public String toString() {
        return "ApiKeyRequest[key hidden]";
    }
}
