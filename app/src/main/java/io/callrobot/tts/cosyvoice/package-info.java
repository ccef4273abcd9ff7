/** DashScope CosyVoice duplex websocket: text streamed in, PCM streamed out, standby connections. */
package io.callrobot.tts.cosyvoice;
