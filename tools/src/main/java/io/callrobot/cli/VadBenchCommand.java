package io.callrobot.cli;

import io.callrobot.bench.VadBench;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.provider.InstalledFiles;
import io.callrobot.vad.SileroConfig;
import io.callrobot.vad.SileroVadBatcher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code callrobot bench vad}: how many concurrent calls one core keeps VAD'd in real time. */
@Command(name = "vad", mixinStandardHelpOptions = true, description = {
        "Measure the VAD's CPU cost: N concurrent caller streams of real espeak-ng speech on a noisy line are",
        "fed at real-time pace through the energy VAD and the batched Silero VAD with and without its energy",
        "gate, at each batch gather time; prints CPU per call, calls per core and the mean batch at each rate."})
final class VadBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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

    @Option(names = "--gather-ms", split = ",", description = "Silero batch gather times in ms, 0 to 32, one set of"
            + " rows each (default: vad.silero.batchGatherMillis)")
    List<Integer> gatherMillis;

    @Option(names = "--gate", defaultValue = "both", description = "Silero rows with the energy gate on, off or both"
            + " (default ${DEFAULT-VALUE})")
    String gate;

    @Option(names = "--model", description = "Silero VAD model (default: vad.silero.modelPath, found as the server finds it)")
    Path model;

    @Override
    public Integer call() throws Exception {
        SileroConfig silero = CallRobotConfig.defaults().vad().silero();
        Path file = model != null ? model : InstalledFiles.find(silero.modelPath());
        List<Integer> gathers = gatherMillis != null ? gatherMillis : List.of(silero.batchGatherMillis());
        for (int g : gathers) {
            if (g < 0 || g > SileroVadBatcher.MAX_GATHER.toMillis()) {
                throw new ParameterException(spec.commandLine(),
                        "--gather-ms: " + g + " is not 0 to " + SileroVadBatcher.MAX_GATHER.toMillis());
            }
        }
        List<Double> gates = switch (gate) {
            case "on" -> List.of(silero.gateDbfs());
            case "off" -> List.of(-100.0);
            case "both" -> List.of(-100.0, silero.gateDbfs());
            default -> throw new ParameterException(spec.commandLine(), "--gate: on, off or both, not " + gate);
        };
        new VadBench(new VadBench.Options(calls, seconds, warmup, rates, noiseDbfs, talk, file, gathers, gates),
                System.out).run();
        return 0;
    }
}
