package io.callrobot.esl;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One outbound-socket connection from FreeSWITCH, i.e. one call leg. Commands are answered in
 * the order sent; each future completes with FreeSWITCH's reply, or exceptionally on time-out or
 * disconnect. Methods never block and may be called from any thread.
 */
public interface EslConnection {

    /** The channel data FreeSWITCH sent in reply to {@code connect}. */
    EslEvent channelData();

    /** FreeSWITCH's address as seen on this socket. */
    InetSocketAddress remoteAddress();

    /** A plain command such as {@code myevents json} or {@code linger 10}. */
    CompletableFuture<EslReply> command(String command);

    /** {@code sendmsg} with the given headers (e.g. {@code call-command: unicast}), no body. */
    CompletableFuture<EslReply> sendmsg(Map<String, String> headers);

    /** {@code sendmsg} executing a dialplan application, e.g. {@code answer} or {@code transfer}. */
    CompletableFuture<EslReply> execute(String application, String argument);

    /** {@code sendmsg} with {@code call-command: hangup} and the given cause, e.g. {@code NORMAL_CLEARING}. */
    CompletableFuture<EslReply> hangup(String cause);

    /** A synchronous {@code api} command; the reply is the response body. */
    CompletableFuture<EslReply> api(String command);

    /** Closes the socket; idempotent. The listener then hears {@link EslEventListener#onDisconnect}. */
    void close();
}
