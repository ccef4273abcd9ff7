/** OpenAI-compatible {@code POST /audio/speech}, one request per chunk, PCM streamed. */
package io.callrobot.tts.openai;
