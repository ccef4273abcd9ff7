package io.callrobot.dialog;

/** What the call does once a reply has been played. */
public sealed interface NextStep {

    /** Wait for the caller; {@code noInputMillis} after playout ends without input, send {@link DialogInput.NoInput}. */
    record Listen(long noInputMillis) implements NextStep {
    }

    /** End the call with a result tag for the call log and a FreeSWITCH hangup cause. */
    record Hangup(String resultTag, String cause) implements NextStep {
    }

    /** Hand the caller to another extension (a human agent) and tag the result. */
    record Transfer(String destination, String resultTag) implements NextStep {
    }
}
