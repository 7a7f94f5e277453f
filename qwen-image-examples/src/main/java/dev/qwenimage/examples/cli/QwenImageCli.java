package dev.qwenimage.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar qwen-image.jar COMMAND [OPTIONS]}: the SDK from the command line. Each command is one class.
 */
@Command(name = "qwen-image", mixinStandardHelpOptions = true, version = "qwen-image 0.1.0",
        description = "Generate and edit images with Qwen-Image models on ONNX Runtime.",
        subcommands = {GenerateCommand.class, EditCommand.class, ScheduleCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class QwenImageCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the CLI and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI without exiting: usage errors give 2, failures 1, success 0.
     *
     * @param args the arguments
     * @return the exit status
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new QwenImageCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + message(e));
            if (System.getenv("QWEN_IMAGE_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
