/** Speech synthesis providers and the chunker that feeds them text. */
package io.callrobot.tts;
