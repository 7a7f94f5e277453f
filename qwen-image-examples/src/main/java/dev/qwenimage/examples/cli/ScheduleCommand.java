package dev.qwenimage.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qwenimage.scheduler.ScheduleRequest;
import dev.qwenimage.scheduler.Scheduler;
import dev.qwenimage.scheduler.SchedulerRun;
import dev.qwenimage.scheduler.Schedulers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code schedule}: what a scheduler config gives for a number of steps, as JSON. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Print the timesteps and sigmas a diffusers scheduler config gives, as JSON {\"timesteps\": [...], \"sigmas\": [...]}.")
final class ScheduleCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "A diffusers scheduler_config.json.")
    Path config;

    @Option(names = "--steps", paramLabel = "N", description = "Number of inference steps (or give --sigmas).")
    Integer steps;

    @Option(names = "--mu", description = "mu for dynamic shifting (diffusers' set_timesteps(mu=...)).")
    Double mu;

    @Option(names = "--sigmas", split = ",", paramLabel = "s1,s2,...", description = "Custom sigmas, as set_timesteps(sigmas=...).")
    double[] sigmas;

    @Override
    public Integer call() throws Exception {
        Scheduler scheduler = Schedulers.fromConfig(config);
        ScheduleRequest request;
        if (sigmas != null) {
            if (steps != null && steps != sigmas.length) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--steps " + steps + " does not match the " + sigmas.length + " values of --sigmas");
            }
            request = ScheduleRequest.ofSigmas(sigmas);
        } else if (steps != null) {
            request = ScheduleRequest.ofSteps(steps);
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --steps N or --sigmas s1,s2,...");
        }
        if (mu != null) {
            request = request.withMu(mu);
        }
        SchedulerRun run = scheduler.newRun(request);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode t = root.putArray("timesteps");
        for (float v : run.timesteps()) {
            t.add(v);
        }
        ArrayNode s = root.putArray("sigmas");
        for (float v : run.sigmas()) {
            s.add(v);
        }
        spec.commandLine().getOut().println(json.writeValueAsString(root));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
