/** Voice activity detection on the caller's audio: the energy detector and the batched Silero model. */
package io.callrobot.vad;
