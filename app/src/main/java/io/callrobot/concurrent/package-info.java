/**
 * Concurrency helpers: {@link io.callrobot.concurrent.CallbackQueue}, which makes providers' listener
 * callbacks outside their lock, and {@link io.callrobot.concurrent.SerialExecutor}, the one-owner
 * thread of a call or a chat test.
 */
package io.callrobot.concurrent;
