package io.callrobot.cli;

import io.callrobot.bench.CampaignBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callrobot bench campaign}: how fast the dialer works through a campaign, and its CPU per call. */
@Command(name = "campaign", mixinStandardHelpOptions = true, description = {
        "Measure the dialer: the robot, in a JVM of its own with its dialer on, works through one campaign",
        "against the simulator's event socket, whose numbers end at once (USER_BUSY, UNALLOCATED_NUMBER; with",
        "--answered a share answers and hangs up at once). Prints contacts settled and attempts started per",
        "second, robot CPU per attempt, and the time from an attempt's creation to its end in the store.",
        "The PostgreSQL password, if any, comes from CALLROBOT_STORE_PASSWORD, the user from the URL or",
        "CALLROBOT_STORE_USER."})
final class CampaignBenchCommand implements Callable<Integer> {

    @Option(names = "--contacts", defaultValue = "5000", description = "contacts in the campaign (default ${DEFAULT-VALUE})")
    int contacts;

    @Option(names = "--rate", defaultValue = "200", description = "the campaign's callsPerSecond (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--max-concurrent", defaultValue = "500", description = "the campaign's maxConcurrent (default ${DEFAULT-VALUE})")
    int maxConcurrent;

    @Option(names = "--answered", defaultValue = "0", description = "share of numbers that answer and hang up at once (default ${DEFAULT-VALUE})")
    double answered;

    @Option(names = "--switch-sps", defaultValue = "1000",
            description = "the simulated switch's sessions per second, also the robot's dialer.sessionsPerSecond (default ${DEFAULT-VALUE})")
    int switchSps;

    @Option(names = "--store-url", defaultValue = "",
            description = "the robot's store.url: empty (default) for a fresh embedded database in the work directory, or jdbc:postgresql://HOST:PORT/DB")
    String storeUrl;

    @Option(names = "--work-dir", defaultValue = "target/bench", description = "robot log, call log and embedded database go here (default ${DEFAULT-VALUE})")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        new CampaignBench(new CampaignBench.Options(contacts, rate, maxConcurrent, answered, switchSps, storeUrl, workDir),
                System.out).run();
        return 0;
    }
}
