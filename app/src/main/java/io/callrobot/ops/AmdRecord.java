package io.callrobot.ops;

/**
 * What answering-machine detection decided on a call, as the call record keeps it.
 *
 * @param result   {@code human}, {@code machine}, {@code unreachable}, {@code invalid_number},
 *                 {@code call_secretary} or {@code unknown}
 * @param atMillis when it was decided, in milliseconds after answer
 * @param evidence what it was decided on, e.g. {@code phrase "已关机" in "您拨打的电话已关机"}
 * @param action   what the flow did with it: {@code hangup}, {@code continue} or {@code leave_message}
 */
public record AmdRecord(String result, long atMillis, String evidence, String action) {
}
