package io.callrobot.dialog.tools;

/**
 * Per-call limits on tool calls: at most {@code maxCalls} in the whole call (a model looping on a
 * tool cannot run up a CRM's bill) and at most {@code maxConcurrentHttp} HTTP tool requests at once.
 * One per call; thread-safe, since HTTP answers complete on okhttp's threads.
 */
public final class ToolCallBudget {

    /** Whether a tool call may run. */
    public enum Admission {
        ADMITTED, CALLS_USED_UP, TOO_MANY_AT_ONCE
    }

    private final int maxCalls;
    private final int maxConcurrentHttp;
    private int calls;
    private int httpInFlight;

    /**
     * @throws IllegalArgumentException if a limit is below 1
     */
    public ToolCallBudget(int maxCalls, int maxConcurrentHttp) {
        if (maxCalls < 1 || maxConcurrentHttp < 1) {
            throw new IllegalArgumentException("tool call limits must be at least 1: maxCalls " + maxCalls
                    + ", maxConcurrentHttp " + maxConcurrentHttp);
        }
        this.maxCalls = maxCalls;
        this.maxConcurrentHttp = maxConcurrentHttp;
    }

    /** Counts a built-in tool call if the call has calls left. */
    public synchronized Admission admit() {
        if (calls >= maxCalls) {
            return Admission.CALLS_USED_UP;
        }
        calls++;
        return Admission.ADMITTED;
    }

    /** Counts an HTTP tool call and takes a request slot, to give back with {@link #httpFinished}. */
    public synchronized Admission admitHttp() {
        if (calls >= maxCalls) {
            return Admission.CALLS_USED_UP;
        }
        if (httpInFlight >= maxConcurrentHttp) {
            return Admission.TOO_MANY_AT_ONCE;
        }
        calls++;
        httpInFlight++;
        return Admission.ADMITTED;
    }

    /** Gives back the slot of an admitted HTTP call that ended, however it ended. */
    public synchronized void httpFinished() {
        if (httpInFlight == 0) {
            throw new IllegalStateException("httpFinished without an admitted HTTP tool call in flight");
        }
        httpInFlight--;
    }

    /** Tool calls admitted so far. */
    public synchronized int calls() {
        return calls;
    }

    /** HTTP tool requests admitted and not finished. */
    public synchronized int httpInFlight() {
        return httpInFlight;
    }

    /** Why a call was refused, in words for the model's tool result. */
    public String refusal(Admission admission) {
        return switch (admission) {
            case ADMITTED -> throw new IllegalArgumentException("an admitted call was not refused");
            case CALLS_USED_UP -> "tool call limit reached: at most " + maxCalls + " tool calls in one phone call";
            case TOO_MANY_AT_ONCE -> "too many requests at once: at most " + maxConcurrentHttp
                    + " HTTP tools may run at the same time; call it again after the others answer";
        };
    }
}
