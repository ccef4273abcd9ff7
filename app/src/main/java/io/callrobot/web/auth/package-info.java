/**
 * Who may use the console and the API: roles, password hashes, the configured accounts, sessions
 * with idle and absolute time-outs, and the back-off that slows password guessing. Nothing here
 * speaks HTTP; {@link io.callrobot.web.ApiAccess} applies it to requests.
 */
package io.callrobot.web.auth;
