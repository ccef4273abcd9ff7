/**
 * The providers a configuration can name, one registry per pipeline stage (VAD, ASR, TTS): each
 * entry checks the settings it needs, builds its engine from the configuration and the resources
 * the server shares, and, for speech synthesis, names the settings its audio depends on.
 */
package io.callrobot.provider;
