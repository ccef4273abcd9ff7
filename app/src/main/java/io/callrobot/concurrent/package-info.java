/**
 * Concurrency helpers shared by the providers, such as {@link io.callrobot.concurrent.CallbackQueue},
 * which makes listener callbacks outside the provider's lock.
 */
package io.callrobot.concurrent;
