/**
 * The JSON API over the ops HTTP server: routes with path parameters, bearer-token access, errors as
 * JSON naming the field at fault, and handlers run off the event loop on virtual threads (they read
 * and write the store).
 */
package io.callrobot.web;
