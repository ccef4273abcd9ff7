/** Speech recognition providers and voice activity detection. */
package io.callrobot.asr;
