package com.qwire.mock.order.domain;

import java.net.URI;
import java.util.Locale;

/**
 * Who receives a callback: its URL's scheme, host and port ({@code http://host:port}), lower case, as
 * the URL writes them (the V6 migration keys older rows the same way). Fairness and circuit breakers work per target, so two paths on one
 * server share one, and one dead server never affects another.
 */
public final class CallbackTarget {
    /** The column's width; a longer key (an absurd host name) is cut, so at worst two such hosts share one. */
    public static final int MAX_LENGTH = 300;

    private CallbackTarget() {
    }

    public static String keyOf(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost().toLowerCase(Locale.ROOT);
            return cut(scheme + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
        } catch (IllegalArgumentException e) {
            // Callback URLs are validated on the way in; an odd stored one is still its own target.
            return cut(url);
        }
    }

    private static String cut(String key) {
        return key.length() <= MAX_LENGTH ? key : key.substring(0, MAX_LENGTH);
    }
}
