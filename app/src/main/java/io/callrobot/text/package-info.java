/**
 * Text on its way to speech: the chunker that cuts streamed LLM text into TTS chunks, and the
 * normalization of Chinese text as a speaker would read it.
 */
package io.callrobot.text;
