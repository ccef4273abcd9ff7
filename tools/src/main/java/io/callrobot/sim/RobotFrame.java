package io.callrobot.sim;

/** One datagram the robot sent to the call's unicast port, with its {@link System#nanoTime()} arrival. */
public record RobotFrame(byte[] payload, long arrivalNanos) {
}
