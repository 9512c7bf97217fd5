package com.qwire.mock.testing.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one JSON line per finished test — result, duration, HTTP steps, references, trace ids, and for a
 * failure its message, the test line it failed at and the last step before it — to
 * {@code qwire.report.dir}. scripts/test_report.py turns the lines into target/test-report/.
 * Registered through META-INF/services, so every module that has the test-jar records.
 */
public final class ReportListener implements TestExecutionListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private Path output;

    @Override
    public void testPlanExecutionStarted(org.junit.platform.launcher.TestPlan plan) {
        String dir = System.getProperty("qwire.report.dir");
        if (dir != null) {
            String module = System.getProperty("qwire.report.module", "tests");
            output = Path.of(dir).resolve(module + "-" + ProcessHandle.current().pid() + ".jsonl");
        }
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        started.put(test.getUniqueId(), System.nanoTime());
        if (test.isTest()) {
            TestSteps.begin();
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            write(test, "SKIPPED", 0, new TestSteps.Recording(), null, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        long nanos = System.nanoTime() - started.getOrDefault(test.getUniqueId(), System.nanoTime());
        if (test.isTest()) {
            write(test, result.getStatus().name(), nanos / 1_000_000, TestSteps.end(), result.getThrowable().orElse(null), null);
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && test.getSource().orElse(null) instanceof ClassSource) {
            // A class whose set-up failed: its tests never ran; report the class itself.
            write(test, result.getStatus().name(), nanos / 1_000_000, new TestSteps.Recording(), result.getThrowable().orElse(null), null);
        }
    }

    private void write(TestIdentifier test, String status, long durationMs, TestSteps.Recording recording, Throwable failure, String skipReason) {
        if (output == null) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("module", System.getProperty("qwire.report.module", "tests"));
        String className = test.getSource().map(source -> source instanceof MethodSource m ? m.getClassName()
                : source instanceof ClassSource c ? c.getClassName() : "").orElse("");
        line.put("class", className);
        line.put("test", test.isTest() ? test.getDisplayName() : "(class set-up)");
        line.put("status", status);
        line.put("durationMs", durationMs);
        line.put("logDir", System.getProperty("QWIRE_LOG_DIR", ""));
        var steps = line.putArray("steps");
        synchronized (recording) {
            recording.steps.forEach(s -> steps.addObject().put("method", s.method()).put("path", s.path()).put("status", s.status())
                    .put("durationMs", s.durationMs()).put("traceId", s.traceId()));
            line.put("droppedSteps", recording.droppedSteps);
            recording.references.forEach(line.putArray("references")::add);
            recording.traceIds.forEach(line.putArray("traceIds")::add);
        }
        if (skipReason != null) {
            line.put("skipReason", skipReason);
        }
        if (failure != null) {
            String message = String.valueOf(failure.getMessage()).strip();
            line.put("failure", failure.getClass().getName() + ": " + (message.length() > 4000 ? message.substring(0, 4000) + "…" : message));
            line.put("failedAt", failedAt(failure, className));
            line.put("failedAfterStep", recording.steps.size());
        }
        try {
            Files.createDirectories(output.getParent());
            synchronized (ReportListener.class) {
                try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    out.write(JSON.writeValueAsString(line));
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test report data " + output, e);
        }
    }

    /** The first stack frame in the test class: the line of the test that failed. */
    private static String failedAt(Throwable failure, String className) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().equals(className) || frame.getClassName().startsWith(className + "$")) {
                    return frame.getFileName() + ":" + frame.getLineNumber() + " (" + frame.getMethodName() + ")";
                }
            }
        }
        StackTraceElement[] trace = failure.getStackTrace();
        return trace.length == 0 ? "" : trace[0].toString();
    }
}
