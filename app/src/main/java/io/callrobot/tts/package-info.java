/**
 * Speech synthesis: the engine API every provider implements ({@link io.callrobot.tts.TtsEngine}),
 * the listener gate, ordered request-per-chunk streams and PCM decoding the providers share, and
 * the engine that normalizes text before synthesis. One sub-package per provider, plus the prompt
 * cache and audio polishing.
 */
package io.callrobot.tts;
