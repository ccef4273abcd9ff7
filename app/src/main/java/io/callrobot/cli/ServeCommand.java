package io.callrobot.cli;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigLoader;
import io.callrobot.provider.ProviderRegistries;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callrobot serve}: runs the server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
        "Start the robot: FreeSWITCH connects to the ESL outbound socket (dialplan: socket HOST:8040 async full).",
        "With no --config the embedded defaults run: ESL 127.0.0.1:8040, HTTP 127.0.0.1:8080, espeak-ng voice,",
        "keypad input, flow payment-reminder-zh. Every key can be set with CALLROBOT_<SECTION>_<KEY> variables."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration (see callrobot.example.yaml)")
    Path config;

    @Option(names = "--print-config", description = "Print the effective configuration as YAML and exit")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        ConfigLoader loader = new ConfigLoader(ProviderRegistries.standard());
        CallRobotConfig effective = loader.load(config, System.getenv());
        if (printConfig) {
            System.out.print(loader.toYaml(effective));
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (RobotServer server = new RobotServer(effective, record -> { })) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "shutdown"));
            stop.await();
        }
        return 0;
    }
}
