/**
 * Alibaba Cloud Intelligent Speech Interaction (NLS) gateway: connection settings, the access
 * token (given, or minted from an AccessKey with the signed {@code CreateToken} call and renewed
 * before it expires), the websocket connection and the JSON command/event envelope shared by the
 * NLS speech recognition ({@code SpeechTranscriber}) and streaming synthesis
 * ({@code FlowingSpeechSynthesizer}) providers.
 */
package io.callrobot.nls;
