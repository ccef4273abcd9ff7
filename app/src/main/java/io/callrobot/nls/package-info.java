/**
 * Alibaba Cloud Intelligent Speech Interaction (NLS) gateway: connection settings, the websocket
 * connection and the JSON command/event envelope shared by the NLS speech recognition
 * ({@code SpeechTranscriber}) and streaming synthesis ({@code FlowingSpeechSynthesizer}) providers.
 */
package io.callrobot.nls;
