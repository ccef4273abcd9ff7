package io.callrobot.cli;

import io.callrobot.amd.AmdConfig;
import io.callrobot.amd.AnnouncementPhrases;
import io.callrobot.bench.AmdBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callrobot bench amd}: accuracy and detection time of answering-machine detection. */
@Command(name = "amd", mixinStandardHelpOptions = true, description = {
        "Measure answering-machine and announcement detection on a test set rendered with espeak-ng:",
        "carrier announcements (some behind SIT tones), voicemail greetings, AI call-secretaries and real",
        "answers, through the energy VAD with the rendered text as a perfect transcript at speech end.",
        "Prints each case, the confusion matrix and detection times."})
final class AmdBenchCommand implements Callable<Integer> {

    @Option(names = "--noise-dbfs", defaultValue = "-60", description = "line noise; speech is at -20 dBFS (default ${DEFAULT-VALUE})")
    double noiseDbfs;

    @Override
    public Integer call() throws Exception {
        new AmdBench(AmdConfig.defaults(), AnnouncementPhrases.defaults(), noiseDbfs).run(AmdBench.testSet(), System.out);
        return 0;
    }
}
