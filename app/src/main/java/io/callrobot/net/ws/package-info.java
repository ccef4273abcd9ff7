/**
 * A websocket client on netty (RFC 6455) for providers that stream audio from the media thread: every
 * connection runs on one small event loop group the server owns, sends only queue on the connection's
 * loop, and a connection that falls behind drops audio instead of buffering without bound.
 */
package io.callrobot.net.ws;
