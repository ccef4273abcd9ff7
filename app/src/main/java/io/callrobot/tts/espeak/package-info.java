/** The local {@code espeak-ng} process, the default voice. */
package io.callrobot.tts.espeak;
