/** Every call's record saved to the store, beside the JSON call log, without ever delaying a call. */
package io.callrobot.store.calls;
