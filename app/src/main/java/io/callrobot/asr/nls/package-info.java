/** Alibaba Cloud NLS real-time transcription ({@code SpeechTranscriber}). */
package io.callrobot.asr.nls;
