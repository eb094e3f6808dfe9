package io.navidocs.webhooks.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's deploy/ files as processes, from the test's working directory. */
final class Scripts {
  /** The repository root: Maven runs tests there. */
  static final Path ROOT = Path.of("").toAbsolutePath();

  private Scripts() {}

  /** What a process did. */
  record Result(int exit, String output) {}

  /** The CLI as a command prefix on this test's class path (tests run before the jar exists). */
  static String navidocsCmd() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only: these short CLI runs finish sooner without the optimizing compiler.
    return java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path")
        + " io.navidocs.webhooks.app.Main";
  }

  static Result run(Path workDir, Map<String, String> env, long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static Result bash(Path workDir, Map<String, String> env, String script, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(ROOT.resolve("deploy/scripts").resolve(script).toString());
    cmd.addAll(List.of(args));
    return run(workDir, env, 120, cmd.toArray(String[]::new));
  }
}
