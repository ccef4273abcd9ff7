package io.callrobot.store;

/**
 * The post-call summary of a call record: the model's answer, or why there is none. Exactly one
 * of the two is given.
 *
 * @param text  what the LLM answered to the flow's {@code summary.prompt}
 * @param error why there is no summary, e.g. {@code LLM timed out after 60 s}
 */
public record CallRecordSummary(String text, String error) {

    public CallRecordSummary {
        if ((text == null) == (error == null)) {
            throw new IllegalArgumentException("a summary has either its text or an error, not "
                    + (text == null ? "neither" : "both"));
        }
    }

    /** A summary the model gave. */
    public static CallRecordSummary of(String text) {
        return new CallRecordSummary(text, null);
    }

    /** No summary, and why. */
    public static CallRecordSummary failed(String error) {
        return new CallRecordSummary(null, error);
    }
}
