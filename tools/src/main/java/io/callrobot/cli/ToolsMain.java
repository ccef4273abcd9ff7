package io.callrobot.cli;

import picocli.CommandLine.Command;

/** The {@code callrobot} command line of the tools jar: the server's commands plus the simulator and benchmarks. */
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0",
        description = "Voice robot for FreeSWITCH, with a FreeSWITCH simulator and load benchmarks.",
        subcommands = {ServeCommand.class, SimulateCommand.class, BenchCommand.class})
public final class ToolsMain {

    public static void main(String[] args) {
        System.exit(Main.execute(new ToolsMain(), args));
    }
}
