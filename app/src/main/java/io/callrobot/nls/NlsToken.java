package io.callrobot.nls;

import java.time.Instant;

/** A minted access token and when it stops being accepted. Its {@code toString} hides the id. */
record NlsToken(String id, Instant expireTime) {

    @Override
    public String toString() {
        return "NlsToken[id=***, expireTime=" + expireTime + "]";
    }
}
