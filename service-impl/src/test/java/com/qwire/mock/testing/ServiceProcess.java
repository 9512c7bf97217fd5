package com.qwire.mock.testing;

import com.qwire.mock.app.Launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The launcher as a real child process (same classpath as the tests), for restart and crash tests. */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ServiceProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ServiceProcess start(String mode, Map<String, String> env, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), mode)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), output);
    }

    /** Polls {@code url} until it answers 200, failing early (with the output) if the process died. */
    public void awaitReady(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited early:\n" + output());
            }
            try {
                if (Http.get(url).statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // keep polling
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 60 s:\n" + output());
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no graceful anything — a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
