/** OpenAI-compatible {@code POST /audio/transcriptions}: one request per utterance the VAD cut. */
package io.callrobot.asr.openai;
