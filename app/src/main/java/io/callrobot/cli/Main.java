package io.callrobot.cli;

import io.callrobot.config.ConfigException;
import io.callrobot.dialog.FlowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code callrobot} command line of the server jar. */
// scope INHERIT: every subcommand, at any depth, gets --help and --version too
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0", scope = ScopeType.INHERIT,
        description = "Voice robot for FreeSWITCH: answers the calls FreeSWITCH hands to its ESL outbound socket.",
        subcommands = ServeCommand.class)
public final class Main {

    /** Exit code of a start refused for a configuration or flow error; the message says what to fix. */
    static final int EXIT_INVALID_SETUP = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The server's command line. */
    static CommandLine commandLine() {
        return commandLine(new Main());
    }

    /** {@code command}'s command line, with configuration and flow errors reported as their message alone. */
    static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof FlowException) {
                commandLine.getErr().println(e.getMessage());
                return EXIT_INVALID_SETUP;
            }
            throw e;
        });
        return cli;
    }
}
