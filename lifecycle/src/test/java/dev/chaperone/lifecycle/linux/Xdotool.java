package dev.chaperone.lifecycle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Input through the X server, as a person's mouse and keyboard would send it (tests run under Xvfb). */
public final class Xdotool {
    private Xdotool() {
    }

    public static void run(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = "xdotool";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), "xdotool " + String.join(" ", arguments));
    }
}
