package dev.hangar.builder.cli;

import dev.hangar.builder.BuildException;
import dev.hangar.builder.RecipeException;
import dev.hangar.builder.publish.PublishException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code hangar} command: global options and the subcommands. {@link #run} is the whole
 * program, usable in-process (tests) with its own streams and environment; {@link #main} wires it
 * to the process.
 */
@Command(
    name = "hangar",
    versionProvider = Hangar.Version.class,
    description = "Build, sign, publish, verify and deploy Hangar appliances.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 usage, 2 refused or not found, 3 verification failed,",
      "4 marketplace unreachable or failing, 5 the work failed, 6 --wait timed out."
    })
public final class Hangar implements Runnable {
  private final CliContext ctx;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Show this help and exit")
  boolean help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Print the version and exit")
  boolean version;

  private Hangar(CliContext ctx) {
    this.ctx = ctx;
  }

  @Option(
      names = "--api",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "Marketplace API root (env HANGAR_API; default " + CliContext.DEFAULT_API + ")")
  void api(String value) {
    ctx.api(value);
  }

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description = "API token (env HANGAR_TOKEN); never printed")
  void token(String value) {
    ctx.token(value);
  }

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print a machine-readable JSON document on stdout")
  void json(boolean value) {
    ctx.json(value);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command, e.g. hangar build samples/hello");
  }

  /** Runs the process: real streams, environment, and a progress bar when stderr is a terminal. */
  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      // The builder logs through System.Logger (JUL): one short line per message on stderr.
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
    }
    System.exit(run(args, System.out, System.err, System.getenv(), System.console() != null));
  }

  /**
   * Runs {@code hangar args} and returns its exit code ({@link ExitCodes}).
   *
   * @param env the environment ({@code HANGAR_API}, {@code HANGAR_TOKEN}, {@code HANGAR_DEBUG})
   * @param tty whether stderr is a terminal (redrawn progress bars) or a log (plain lines)
   */
  public static int run(
      String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean tty) {
    CliContext ctx = new CliContext(out, err, env, tty);
    CommandLine cl = commandLine(ctx);
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setParameterExceptionHandler(
        (e, a) -> {
          fail(ctx, ExitCodes.USAGE, e.getMessage(), null);
          e.getCommandLine()
              .getErr()
              .println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          int code = exitCode(e);
          fail(ctx, code, message(e), e);
          return code;
        });
    return cl.execute(args);
  }

  static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new Hangar(ctx));
    cl.addSubcommand("build", new BuildCommand(ctx));
    cl.addSubcommand("publish", new PublishCommand(ctx));
    cl.addSubcommand("import", new ImportCommand(ctx));
    cl.addSubcommand("deploy", new DeployCommand(ctx));
    cl.addSubcommand("status", new StatusCommand(ctx));
    cl.addSubcommand("destroy", new DestroyCommand(ctx));
    cl.addSubcommand("keys", KeysCommand.commandLine(ctx));
    cl.addSubcommand("sign", new SignCommand(ctx));
    cl.addSubcommand("pull", new PullCommand(ctx));
    cl.addSubcommand("verify", new VerifyCommand(ctx));
    cl.setExitCodeExceptionMapper(Hangar::exitCode);
    return cl;
  }

  /** Maps what a command threw to an exit code; everything unexpected is a failed piece of work. */
  static int exitCode(Throwable e) {
    if (e instanceof CliException c) {
      return c.exitCode();
    }
    if (e instanceof PublishException p) {
      if (p.status() > 0) {
        return ExitCodes.forHttpStatus(p.status());
      }
      return p.getCause() instanceof IOException && !p.getMessage().startsWith("cannot read ")
          ? ExitCodes.UNAVAILABLE
          : ExitCodes.FAILED;
    }
    if (e instanceof RecipeException) {
      return ExitCodes.USAGE;
    }
    if (e instanceof BuildException || e instanceof UncheckedIOException) {
      return ExitCodes.FAILED;
    }
    return ExitCodes.FAILED;
  }

  private static String message(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return u.getMessage() + ": " + u.getCause().getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Reports a failure: on stderr always, and as {@code {"error", "exitCode"}} with --json. */
  private static void fail(CliContext ctx, int code, String message, Throwable e) {
    ctx.note("hangar: " + message);
    if (e != null && ctx.env.containsKey("HANGAR_DEBUG")) {
      e.printStackTrace(ctx.err);
    }
    if (ctx.json()) {
      ctx.emit(CliContext.object().put("error", message).put("exitCode", code), null);
    }
  }

  /** The version printed by {@code hangar --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Hangar.class.getPackage().getImplementationVersion();
      return new String[] {"hangar " + (v == null ? "development build" : v)};
    }
  }
}
