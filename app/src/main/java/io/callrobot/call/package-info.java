/**
 * Per-call orchestration: admission, the call's state machine, the caller's audio on its way to
 * VAD and ASR, the robot's replies on their way through TTS to the playout queue, and the warming
 * of the prompt cache with the flows' fixed speech, cut as replies cut it.
 */
package io.callrobot.call;
