package io.callrobot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code callrobot} command line of the tools jar: the server's commands plus the simulator and benchmarks. */
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0", scope = ScopeType.INHERIT,
        description = "Voice robot for FreeSWITCH, with a FreeSWITCH simulator and load benchmarks.",
        subcommands = {ServeCommand.class, SimulateCommand.class, BenchCommand.class})
public final class ToolsMain {

    public static void main(String[] args) {
        Main.moreCarriers();
        System.exit(commandLine().execute(args));
    }

    /** The tools' command line, with the server's error handling. */
    static CommandLine commandLine() {
        return Main.commandLine(new ToolsMain());
    }
}
