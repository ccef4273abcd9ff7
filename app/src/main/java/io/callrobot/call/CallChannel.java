package io.callrobot.call;

import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslReply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * FreeSWITCH's side of one call, spoken over its ESL outbound connection: prepares the channel,
 * points its audio at our media ports with {@code unicast}, and transfers or hangs it up. The
 * set-up steps wait for their replies, so they run on the call's own (virtual) thread.
 */
final class CallChannel {

    private static final Duration COMMAND_WAIT = Duration.ofSeconds(10);

    private final EslConnection esl;

    CallChannel(EslConnection esl) {
        this.esl = esl;
    }

    /** The address FreeSWITCH connected from. */
    String peerHost() {
        return esl.remoteAddress().getAddress().getHostAddress();
    }

    /**
     * Takes this channel's events and keeps the socket after hangup for the final ones, answering
     * first when asked to; throws {@link IllegalStateException} naming the step that failed.
     */
    void prepare(int lingerSeconds, boolean answer) {
        // myevents: only this channel's events; mod_event_socket.c, "myevents" command.
        expectOk(esl.command("myevents"), "myevents");
        // linger keeps the socket for the final events after hangup; a bare linger never lets go.
        expectOk(esl.command("linger " + lingerSeconds), "linger");
        if (answer) {
            expectOk(esl.execute("answer", ""), "answer");
        }
    }

    /**
     * Starts unicast: FreeSWITCH listens on {@code switchHost:switchPort} for our audio and sends the
     * caller's to {@code robotHost:robotPort}.
     */
    void unicast(String switchHost, int switchPort, String robotHost, int robotPort) {
        // unicast headers with hyphens; switch_ivr.c CMD_UNICAST reads local-ip, local-port,
        // remote-ip, remote-port, transport and flags (underscored names are ignored).
        Map<String, String> unicast = new LinkedHashMap<>();
        unicast.put("call-command", "unicast");
        unicast.put("local-ip", switchHost);
        unicast.put("local-port", Integer.toString(switchPort));
        unicast.put("remote-ip", robotHost);
        unicast.put("remote-port", Integer.toString(robotPort));
        unicast.put("transport", "udp");
        expectOk(esl.sendmsg(unicast), "unicast");
    }

    CompletableFuture<EslReply> hangup(String cause) {
        return esl.hangup(cause);
    }

    /** transfer is a dialplan app run through sendmsg execute (mod_dptools.c, transfer_function). */
    CompletableFuture<EslReply> transfer(String destination) {
        return esl.execute("transfer", destination);
    }

    /** send_dtmf is a dialplan app run through sendmsg execute (mod_dptools.c, send_dtmf_function, "<dtmf_data>"). */
    CompletableFuture<EslReply> sendDtmf(String digits) {
        return esl.execute("send_dtmf", digits);
    }

    void close() {
        esl.close();
    }

    private static void expectOk(CompletableFuture<EslReply> future, String what) {
        EslReply reply;
        try {
            reply = future.get(COMMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(what + " failed: " + cause, cause);
        }
        if (!reply.ok()) {
            throw new IllegalStateException(what + " refused: " + reply.text());
        }
    }
}
