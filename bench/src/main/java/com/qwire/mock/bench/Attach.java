package com.qwire.mock.bench;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM (bench/run_profile.sh: async-profiler's start and stop commands). jcmd's
 * JVMTI.agent_load did not pass the stop command's options through intact here.
 *
 * <pre>java -cp qwire-bench.jar com.qwire.mock.bench.Attach PID /path/libasyncProfiler.so "start,event=cpu"</pre>
 */
public final class Attach {
    private Attach() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Attach <pid> <agent library path> <agent options>");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
