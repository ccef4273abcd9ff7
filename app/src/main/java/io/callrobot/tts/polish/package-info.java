/** Polishing of synthesised audio: fades at chunk edges and loudness levelling with a limiter. */
package io.callrobot.tts.polish;
