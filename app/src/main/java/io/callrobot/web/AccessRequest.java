package io.callrobot.web;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;

/**
 * What access control reads of a request: its method and path, its credentials (bearer token,
 * cookies, CSRF header), the headers that tell where it came from, and the client's address.
 *
 * @param cookie the {@code Cookie} header, or null
 * @param csrf   the {@code X-CSRF-Token} header, or null
 * @param origin the {@code Origin} header, or null
 * @param host   the {@code Host} header, or null
 */
record AccessRequest(String method, String path, String authorization, String cookie, String csrf, String origin,
        String host, SocketAddress peer) {

    /** A request with only a bearer token, for checks that need nothing else. */
    static AccessRequest of(String method, String path, String authorization, SocketAddress peer) {
        return new AccessRequest(method, path, authorization, null, null, null, null, peer);
    }

    /** Whether the request may change something (RFC 9110 section 9.2.1: only GET, HEAD, OPTIONS, TRACE are safe). */
    boolean changes() {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
            default -> true;
        };
    }

    /** The client's IP address, or what the connection says it is. */
    String client() {
        if (peer instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return String.valueOf(peer);
    }
}
