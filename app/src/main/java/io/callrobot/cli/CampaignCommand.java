package io.callrobot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code callrobot campaign ...}: a thin client of the running server's JSON API, for people who
 * script campaigns. Each subcommand is one API request; the server does all the checking.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Create, fill, run and export outbound campaigns through the running server's API.",
        subcommands = {CampaignCommand.Create.class, CampaignCommand.Import.class, CampaignCommand.Start.class,
                CampaignCommand.Pause.class, CampaignCommand.Resume.class, CampaignCommand.Stop.class,
                CampaignCommand.Status.class, CampaignCommand.Export.class})
final class CampaignCommand {

    /** Exit code when the API refused the request or could not be reached. */
    static final int EXIT_REFUSED = 1;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "${env:CALLROBOT_API_URL:-http://127.0.0.1:8080}",
            description = "the server's HTTP address (default ${DEFAULT-VALUE}; env CALLROBOT_API_URL); "
                    + "the bearer token comes from CALLROBOT_API_TOKEN")
    String api;

    ApiClient client() {
        return new ApiClient(api, System.getenv("CALLROBOT_API_TOKEN"));
    }

    /** Runs one API exchange, printing its JSON answer or the refusal. */
    abstract static class ApiCall implements Callable<Integer> {

        @ParentCommand
        CampaignCommand parent;

        @Spec
        CommandSpec spec;

        abstract JsonNode exchange(ApiClient client) throws Exception;

        @Override
        public Integer call() throws Exception {
            ApiClient client = parent.client();
            try {
                JsonNode answer = exchange(client);
                if (answer != null) {
                    spec.commandLine().getOut().println(client.pretty(answer));
                }
                return 0;
            } catch (ApiClient.ApiFailure e) {
                spec.commandLine().getErr().println(e.getMessage());
                return EXIT_REFUSED;
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a campaign from a JSON definition (see README: name, flow, dialString, callerIds, window, pacing, retry, ...).")
    static final class Create extends ApiCall {
        @Parameters(paramLabel = "FILE", description = "the campaign as JSON; - reads standard input")
        String file;

        @Override
        JsonNode exchange(ApiClient client) throws Exception {
            byte[] body = file.equals("-") ? System.in.readAllBytes() : read(Path.of(file));
            return client.post("/api/campaigns", "application/json", body);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Add contacts from a CSV file (UTF-8 or GBK; a header row names phone and the variables).")
    static final class Import extends ApiCall {
        @Parameters(index = "0", paramLabel = "ID", description = "campaign id")
        long id;

        @Parameters(index = "1", paramLabel = "CSV", description = "the contacts file")
        Path csv;

        @Override
        JsonNode exchange(ApiClient client) throws Exception {
            return client.post("/api/campaigns/" + id + "/contacts", "text/csv", read(csv));
        }
    }

    /** A state change: {@code POST /api/campaigns/{id}/<verb>}. */
    abstract static class Transition extends ApiCall {
        @Parameters(paramLabel = "ID", description = "campaign id")
        long id;

        abstract String verb();

        @Override
        JsonNode exchange(ApiClient client) throws Exception {
            return client.post("/api/campaigns/" + id + "/" + verb(), "application/json", new byte[0]);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start dialling (within the campaign's call windows).")
    static final class Start extends Transition {
        @Override
        String verb() {
            return "start";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop placing new calls; calls in progress finish.")
    static final class Pause extends Transition {
        @Override
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused campaign.")
    static final class Resume extends Transition {
        @Override
        String verb() {
            return "resume";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "End the campaign for good; calls in progress finish.")
    static final class Stop extends Transition {
        @Override
        String verb() {
            return "stop";
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "One campaign's state and counts, or every campaign without ID.")
    static final class Status extends ApiCall {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "campaign id")
        Long id;

        @Override
        JsonNode exchange(ApiClient client) throws Exception {
            return client.get(id == null ? "/api/campaigns" : "/api/campaigns/" + id);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Download the results, one row per contact (UTF-8 CSV with BOM, opens in Excel).")
    static final class Export extends ApiCall {
        @Parameters(paramLabel = "ID", description = "campaign id")
        long id;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write here instead of standard output")
        Path out;

        @Override
        JsonNode exchange(ApiClient client) throws Exception {
            byte[] csv = client.download("/api/campaigns/" + id + "/results.csv");
            if (out != null) {
                Files.write(out, csv);
                spec.commandLine().getErr().println("wrote " + csv.length + " bytes to " + out);
            } else {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.print(new String(csv, StandardCharsets.UTF_8));
                stdout.flush();
            }
            return null;
        }
    }

    private static byte[] read(Path file) throws ApiClient.ApiFailure {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ApiClient.ApiFailure("cannot read " + file + ": " + e.getMessage());
        }
    }
}
