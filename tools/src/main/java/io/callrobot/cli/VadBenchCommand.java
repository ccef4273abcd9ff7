package io.callrobot.cli;

import io.callrobot.bench.VadBench;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.provider.InstalledFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callrobot bench vad}: how many concurrent calls one core keeps VAD'd in real time. */
@Command(name = "vad", mixinStandardHelpOptions = true, description = {
        "Measure the VAD's CPU cost: N concurrent caller streams of real espeak-ng speech on a noisy line are",
        "fed at real-time pace through the energy VAD and the batched Silero VAD with and without its energy",
        "gate; prints CPU per call and calls per core at each rate."})
final class VadBenchCommand implements Callable<Integer> {

    @Option(names = "--calls", defaultValue = "200", description = "concurrent call streams (default ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--seconds", defaultValue = "20", description = "measured seconds per row (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "warm-up seconds per row, not measured (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rates", defaultValue = "8000,16000", split = ",", description = "sample rates (default ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(names = "--noise-dbfs", defaultValue = "-65", description = "line noise level; speech is at -26 dBFS (default ${DEFAULT-VALUE})")
    double noiseDbfs;

    @Option(names = "--talk", defaultValue = "0.4", description = "share of the time the caller speaks (default ${DEFAULT-VALUE})")
    double talk;

    @Option(names = "--model", description = "Silero VAD model (default: vad.silero.modelPath, found as the server finds it)")
    Path model;

    @Override
    public Integer call() throws Exception {
        Path file = model != null ? model : InstalledFiles.find(CallRobotConfig.defaults().vad().silero().modelPath());
        new VadBench(new VadBench.Options(calls, seconds, warmup, rates, noiseDbfs, talk, file), System.out).run();
        return 0;
    }
}
