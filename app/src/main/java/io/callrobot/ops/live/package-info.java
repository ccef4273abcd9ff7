/**
 * Calls in progress as they happen: small immutable {@link io.callrobot.ops.live.LiveEvent}s each call
 * publishes from its own executor, fanned out by {@link io.callrobot.ops.live.LiveEvents} to the ops
 * console's event streams without ever slowing a call.
 */
package io.callrobot.ops.live;
