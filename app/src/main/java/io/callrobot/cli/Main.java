package io.callrobot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code callrobot} command line. */
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0",
        description = "Voice robot for FreeSWITCH: answers calls handed over by the ESL outbound socket.")
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
