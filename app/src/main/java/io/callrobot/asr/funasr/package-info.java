/** FunASR runtime websocket recognition ({@code 2pass}, {@code online}, {@code offline}). */
package io.callrobot.asr.funasr;
