/** The JSON API's resources: campaigns and their contacts and results, calls, the do-not-call list, the TTS try-out. */
package io.callrobot.web.api;
