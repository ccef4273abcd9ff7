/** The ops dashboard's figures: the last hour of ended calls, kept in memory from the call records. */
package io.callrobot.ops.dashboard;
