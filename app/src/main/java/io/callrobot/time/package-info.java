/**
 * Time for call logic: a monotonic clock with delayed tasks ({@link io.callrobot.time.CallClock}),
 * and timers whose tasks run on their owner's serial executor ({@link io.callrobot.time.OwnerTimers}),
 * so tests drive every interleaving with a manual clock and no real waiting.
 */
package io.callrobot.time;
