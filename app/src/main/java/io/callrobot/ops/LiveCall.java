package io.callrobot.ops;

/** A call in progress as {@code GET /calls} shows it. */
public record LiveCall(String uuid, String direction, String flow, String state, long ageMillis,
        int turns, String lastCallerText, String lastRobotText) {
}
