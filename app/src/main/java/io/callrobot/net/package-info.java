/** Transport helpers the provider clients share. */
package io.callrobot.net;
