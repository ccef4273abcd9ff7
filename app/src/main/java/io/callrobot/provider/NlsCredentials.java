package io.callrobot.provider;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigLoader;
import java.util.List;

/** The check both NLS providers make: an Appkey, and a token or an AccessKey to mint one. */
final class NlsCredentials {

    private NlsCredentials() {
    }

    static List<String> problems(CallRobotConfig config) {
        if (config.nls().hasCredentials()) {
            return List.of();
        }
        return List.of("nls.appKey / nls.token: the nls provider needs the project Appkey and either a token ("
                + ConfigLoader.envName("nls.token") + ") or an AccessKey to mint tokens ("
                + ConfigLoader.envName("nls.accessKeyId") + " and " + ConfigLoader.envName("nls.accessKeySecret") + ")");
    }
}
