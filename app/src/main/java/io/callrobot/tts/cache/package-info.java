/** The prompt cache: synthesised audio kept by provider identity and text, in memory and on disk. */
package io.callrobot.tts.cache;
