/** Alibaba Cloud NLS streaming text-to-speech ({@code FlowingSpeechSynthesizer}). */
package io.callrobot.tts.nls;
