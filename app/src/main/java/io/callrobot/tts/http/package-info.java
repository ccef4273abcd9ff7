/** A self-hosted HTTP TTS ({@code POST /tts}), one request per chunk. */
package io.callrobot.tts.http;
