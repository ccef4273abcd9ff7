/**
 * Local stand-ins for the LLM, TTS and FunASR providers, each speaking its real protocol with fixed,
 * configurable latencies: used by the {@code bench} command (the call benchmark and the prompt
 * cache comparison) and by integration tests; the caller voices they play (espeak-ng speech, a
 * speech-like tone); the VAD benchmark ({@code bench vad}); and the dialer's benchmark ({@code bench campaign}).
 */
package io.callrobot.bench;
