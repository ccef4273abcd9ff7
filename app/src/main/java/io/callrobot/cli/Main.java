package io.callrobot.cli;

import io.callrobot.config.ConfigException;
import io.callrobot.dialog.FlowException;
import io.callrobot.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code callrobot} command line of the server jar. */
// scope INHERIT: every subcommand, at any depth, gets --help and --version too
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0", scope = ScopeType.INHERIT,
        description = "Voice robot for FreeSWITCH: answers the calls FreeSWITCH hands to its ESL outbound socket.",
        subcommands = {ServeCommand.class, CampaignCommand.class, PasswdCommand.class})
public final class Main {

    /**
     * Exit code of a start refused for a configuration or flow error, or a store that cannot be
     * opened; the message says what to fix.
     */
    static final int EXIT_INVALID_SETUP = 2;

    /**
     * Carrier threads of the virtual-thread scheduler (JDK default: one per core). Calls' executors
     * share it with the providers' readers and senders; with one carrier per core, a burst of
     * provider work holds both carriers and a call's next step waits tens of milliseconds for one
     * (docs/BENCHMARKS.md, 2026-12-03). More carriers let the kernel time-slice them instead.
     */
    static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    public static void main(String[] args) {
        moreCarriers();
        System.exit(commandLine().execute(args));
    }

    /** Before the first virtual thread starts, unless set on the command line. */
    static void moreCarriers() {
        if (System.getProperty(CARRIERS) == null) {
            System.setProperty(CARRIERS, Integer.toString(4 * Runtime.getRuntime().availableProcessors()));
        }
    }

    /** The server's command line. */
    static CommandLine commandLine() {
        return commandLine(new Main());
    }

    /** {@code command}'s command line, with configuration and flow errors reported as their message alone. */
    static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof FlowException || e instanceof StoreException) {
                commandLine.getErr().println(e.getMessage());
                return EXIT_INVALID_SETUP;
            }
            throw e;
        });
        return cli;
    }
}
