/**
 * Per-call orchestration: admission, the call's state machine, the caller's audio on its way to
 * VAD and ASR, and the robot's replies on their way through TTS to the playout queue.
 */
package io.callrobot.call;
