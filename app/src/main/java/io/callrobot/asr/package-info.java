/**
 * Speech recognition: the engine API every provider implements ({@link io.callrobot.asr.AsrEngine}),
 * and the websocket base the streaming providers share. One sub-package per provider.
 */
package io.callrobot.asr;
